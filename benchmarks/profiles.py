"""Realistic, seeded participant profiles for the real-profile benchmarks.

A cohort looks like a mid-size company's program: skills from a 200-skill taxonomy where
a few are popular (Zipf), expertise levels 1-5, job levels 1-8, 14 departments, 10 time
zones, one to three spoken languages, three to five interests out of 40, career goals and
bios written from phrases (so TF-IDF has a real vocabulary with shared and rare terms), a
management tree (mentees' managers may be mentors: those pairs are forbidden), a few
requests and avoid lists, and 1 % ineligible people.

    from profiles import real_features
    features = real_features(20_000, 5_000, seed=0)
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from tandem.matching.features import MatchingFeatures, PersonRecord, build_features

DEPARTMENTS = [
    "Engineering", "Sales", "Marketing", "Finance", "People", "Operations", "Data",
    "Legal", "Support", "Product", "Design", "Security", "Procurement", "Research",
]  # fmt: skip
ZONES = [
    "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
    "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney",
]  # fmt: skip
LANGUAGES = ["English", "French", "German", "Spanish", "Portuguese", "Hindi", "Japanese"]
INTERESTS = [f"interest {i}" for i in range(40)]
VERBS = ["learn", "grow in", "get better at", "move into", "lead", "master", "explore"]
TOPICS = [
    "people management", "product management", "public speaking", "data analysis",
    "machine learning", "stakeholder communication", "negotiation", "system design",
    "cloud architecture", "financial planning", "go to market strategy", "user research",
    "brand marketing", "security engineering", "supply chain", "contract law",
    "customer success", "technical writing", "career change", "executive presence",
    "hiring and interviewing", "project delivery", "coaching", "design systems",
]  # fmt: skip
BIO = ["I have led", "I work on", "Ten years of", "I coach people in", "I built a team for"]
AT = datetime(2026, 6, 1, tzinfo=UTC)


def _people(
    rng: np.random.Generator, n: int, first_id: int, mentor: bool, skill_p: np.ndarray
) -> list[PersonRecord]:
    out = []
    for k in range(n):
        n_skills = int(rng.integers(3, 7))
        skills = rng.choice(200, size=n_skills, replace=False, p=skill_p)
        levels = rng.integers(1, 6, size=n_skills)
        topics = rng.choice(len(TOPICS), size=int(rng.integers(1, 4)), replace=False)
        if mentor:
            text = " ".join(f"{rng.choice(BIO)} {TOPICS[t]}." for t in topics)
        else:
            text = " ".join(f"I want to {rng.choice(VERBS)} {TOPICS[t]}." for t in topics)
        languages = {"English"} if rng.random() < 0.8 else set()
        languages |= set(rng.choice(LANGUAGES[1:], size=int(rng.integers(0, 3)), replace=False))
        out.append(
            PersonRecord(
                id=first_id + k,
                level=None if rng.random() < 0.02 else float(rng.integers(3 if mentor else 1, 9)),
                department=None if rng.random() < 0.02 else str(rng.choice(DEPARTMENTS)),
                time_zone=str(rng.choice(ZONES)),
                languages=languages or {"English"},
                meeting_format=str(rng.choice(["either", "either", "virtual", "in_person"])),
                interests=set(rng.choice(INTERESTS, size=int(rng.integers(3, 6)), replace=False)),
                skills={f"skill {s}": int(v) for s, v in zip(skills, levels, strict=True)},
                text=text,
                eligible=bool(rng.random() >= 0.01),
            )
        )
    return out


def _with_chains(people: list[PersonRecord], managers: np.ndarray) -> list[PersonRecord]:
    """Give everyone the chain of managers above them (``managers[i]`` is i's, -1: none)."""
    ids = [p.id for p in people]
    out = []
    for i, p in enumerate(people):
        chain, boss, seen = [], managers[i], {i}
        while boss >= 0 and boss not in seen:
            chain.append(ids[boss])
            seen.add(int(boss))
            boss = managers[boss]
        out.append(PersonRecord(**{**p.__dict__, "management_chain": tuple(chain)}))
    return out


def real_profiles(
    n_mentees: int, n_mentors: int, seed: int = 0
) -> tuple[list[PersonRecord], list[PersonRecord], dict[int, list[int]], dict[int, list[int]]]:
    """Mentees, mentors, requested and avoided (mentee index → mentor indices)."""
    rng = np.random.default_rng(seed)
    skill_p = 1.0 / np.arange(1, 201) ** 0.9
    skill_p /= skill_p.sum()
    mentors = _people(rng, n_mentors, 1, True, skill_p)
    mentees = _people(rng, n_mentees, n_mentors + 1, False, skill_p)
    everyone = mentors + mentees
    # A tree: each mentor reports to an earlier mentor (or nobody); mentees to a mentor.
    managers = np.full(len(everyone), -1, dtype=np.int64)
    for i in range(1, n_mentors):
        managers[i] = int(rng.integers(0, i)) if rng.random() < 0.9 else -1
    managers[n_mentors:] = rng.integers(0, max(n_mentors, 1), size=n_mentees)
    everyone = _with_chains(everyone, managers)
    mentors, mentees = everyone[:n_mentors], everyone[n_mentors:]
    requested = {
        int(i): [int(j) for j in rng.integers(0, n_mentors, size=2)]
        for i in rng.choice(n_mentees, size=n_mentees // 20, replace=False)
    }
    avoided = {
        int(i): [int(rng.integers(0, n_mentors))]
        for i in rng.choice(n_mentees, size=n_mentees // 50, replace=False)
    }
    return mentees, mentors, requested, avoided


def real_features(n_mentees: int, n_mentors: int, seed: int = 0) -> MatchingFeatures:
    """:func:`build_features` of :func:`real_profiles`."""
    mentees, mentors, requested, avoided = real_profiles(n_mentees, n_mentors, seed)
    return build_features(mentees, mentors, requested, avoided, at=AT)
