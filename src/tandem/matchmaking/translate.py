"""ORM rows ⇄ the matching engine's arrays.

``load_cohort`` reads a program's approved participants, their profiles, the directory's
management chains, the program's weights and constraints, the excluded pairs and the
mentees' requests, and builds :class:`~tandem.matching.features.PersonRecord` lists →
``build_features`` → ``FeatureScores`` (a ``ScoreSource``). ``solve`` runs the solver the
program type needs (pairs, circles, peer pairs); ``explain`` turns the result into plain
proposal rows with reasons and unmatched rows with sentences. Writing them is the
services' job. A fixed number of queries whatever the cohort size (no N+1).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Q

from tandem.matching import (
    MatchingProblem,
    MatchResult,
    form_circles,
    pair_peers,
    solve_optimal,
    solve_stable,
)
from tandem.matching.constraints import HardRules
from tandem.matching.explain import explain_pairs, explain_unmatched
from tandem.matching.fairness import fairness_report
from tandem.matching.features import MatchingFeatures, PersonRecord, build_features
from tandem.matching.scoring import (
    CRITERIA,
    FeatureScores,
    ScoringConfig,
    criteria_without_data,
)
from tandem.matching.text import TfidfSimilarity
from tandem.people.models import Person, ProfileSkill
from tandem.programs.design import default_weights
from tandem.programs.models import Participant, Program

from .fairness_groups import DEMOGRAPHIC_GROUPINGS, demographic_fairness
from .fairness_groups import LABELS as DEMOGRAPHIC_LABELS
from .models import Bookmark, ExcludedPair, MatchRequest, MatchRun

KIND_FOR_TYPE = {Program.Type.GROUP: MatchRun.Kind.CIRCLE, Program.Type.PEER: MatchRun.Kind.PEER}
MENTOR_STATUSES = (Participant.Status.APPROVED, Participant.Status.MATCHED)
CIRCLE_MIN_SIZE = 2
BASE_GROUPINGS = ("department", "level", "location")
FAIRNESS_GROUPINGS = (*BASE_GROUPINGS, *DEMOGRAPHIC_GROUPINGS)
FAIRNESS_LABELS = {**{name: name for name in BASE_GROUPINGS}, **DEMOGRAPHIC_LABELS}
OPEN_RELATIONSHIP_STATUSES = ("pending", "active", "paused")

Pair = tuple[int, int]  # (mentee participant id, mentor participant id)


def kind_for(program: Program) -> str:
    """Pairs, circles (group programs) or peer pairs (peer programs)."""
    return str(KIND_FOR_TYPE.get(program.type, MatchRun.Kind.PAIR))  # type: ignore[call-overload]


# --- scoring settings ----------------------------------------------------------------------


@dataclass(frozen=True)
class ScoringSettings:
    weights: dict[str, float]
    config: ScoringConfig
    min_score: float
    ignored: tuple[str, ...] = ()


def program_weights(
    program: Program, override: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The weights a run uses: the override, else the program's, else its type's defaults."""
    source = override or program.matching_weights or default_weights(program.type)
    return {k: float(v) for k, v in source.items() if k in CRITERIA}


def scoring_settings(
    program: Program,
    weights: Mapping[str, float],
    features: MatchingFeatures | None = None,
) -> ScoringSettings:
    """The engine's ``ScoringConfig`` from a program's constraints and the run's weights.

    Criteria that no participant gave data for are left out (they would only dilute every
    score) and reported in ``ignored``; department "any" weighs the department criterion 0.
    """
    constraints = program.constraints or {}
    used = {k: float(v) for k, v in weights.items() if float(v) > 0}
    department = constraints.get("department", "different")
    if department not in ("same", "different"):
        used.pop("department", None)
        department = "different"
    ignored: tuple[str, ...] = ()
    if features is not None:
        empty = criteria_without_data(features) & set(used)
        if empty and set(used) - empty:
            ignored = tuple(sorted(empty))
            used = {k: v for k, v in used.items() if k not in empty}
    if not used:
        used = {"skills": 1.0}
    low, high = constraints.get("preferred_level_gap") or (
        (-1, 1) if program.type == Program.Type.PEER else (1, 3)
    )
    config = ScoringConfig(
        weights=used,
        seniority_range=(float(low), float(high)),
        department=department,
        rules=HardRules(
            min_level_gap=_float_or_none(constraints.get("min_level_gap")),
            max_level_gap=_float_or_none(constraints.get("max_level_gap")),
        ),
    )
    min_score = float(constraints.get("min_score") or 0.0)
    return ScoringSettings(used, config, min(max(min_score, 0.0), 1.0), ignored)


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


# --- loading the cohort --------------------------------------------------------------------


@dataclass
class Cohort:
    """Both sides of a program's matching problem, in row/column order."""

    program: Program
    kind: str
    mentees: list[Participant]
    mentors: list[Participant]
    capacities: np.ndarray
    features: MatchingFeatures
    scores: FeatureScores
    settings: ScoringSettings
    seats: dict[int, int] = field(default_factory=dict)
    # participants left out for required training ("block"), or only warned about ("warn")
    held_back: list[tuple[Participant, str]] = field(default_factory=list)
    training_warnings: list[str] = field(default_factory=list)

    @property
    def min_score(self) -> float:
        return self.settings.min_score

    def mentee_index(self) -> dict[int, int]:
        return {p.pk: i for i, p in enumerate(self.mentees)}

    def mentor_index(self) -> dict[int, int]:
        return {p.pk: j for j, p in enumerate(self.mentors)}


def _participants(program: Program, kind: str) -> tuple[list[Participant], list[Participant]]:
    rows = Participant.objects.filter(program=program).select_related("person__profile")
    if kind == MatchRun.Kind.PEER:
        peers = list(rows.filter(role=Participant.Role.PEER, status=Participant.Status.APPROVED))
        return peers, peers
    mentees = rows.filter(role=Participant.Role.MENTEE, status=Participant.Status.APPROVED)
    mentors = rows.filter(role=Participant.Role.MENTOR, status__in=MENTOR_STATUSES)
    return list(mentees.order_by("id")), list(mentors.order_by("id"))


def open_loads(mentor_ids: Collection[int]) -> dict[int, int]:
    """Mentees each mentor participant already has in open relationships (one query)."""
    if not mentor_ids:
        return {}
    from tandem.relationships.models import RelationshipMember

    rows = (
        RelationshipMember.objects.filter(
            role=RelationshipMember.Role.MENTOR,
            participant_id__in=list(mentor_ids),
            relationship__status__in=OPEN_RELATIONSHIP_STATUSES,
        )
        .values("participant_id")
        .annotate(
            n=Count(
                "relationship__members",
                filter=Q(relationship__members__role__in=("mentee", "peer")),
            )
        )
    )
    return {row["participant_id"]: row["n"] for row in rows}


def free_seats(mentors: Sequence[Participant]) -> dict[int, int]:
    """Capacity minus open relationships, per mentor participant id (never below 0)."""
    loads = open_loads([m.pk for m in mentors])
    return {m.pk: max(m.capacity - loads.get(m.pk, 0), 0) for m in mentors}


def _chains(person_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Each person's management chain: one query for the directory, walked in Python."""
    parent = dict(Person.objects.values_list("id", "manager_id"))

    def chain(pid: int) -> tuple[int, ...]:
        path: list[int] = []
        seen = {pid}
        boss = parent.get(pid)
        while boss is not None and boss not in seen:
            path.append(boss)
            seen.add(boss)
            boss = parent.get(boss)
        return tuple(path)

    return {pid: chain(pid) for pid in person_ids}


def _skills(person_ids: Collection[int]) -> dict[tuple[int, str], dict[str, int]]:
    """(person id, kind) → {skill name: level} in one query."""
    out: dict[tuple[int, str], dict[str, int]] = {}
    rows = ProfileSkill.objects.filter(profile__person_id__in=list(person_ids)).values_list(
        "profile__person_id", "kind", "level", "skill__name"
    )
    for person_id, kind, level, name in rows:
        out.setdefault((person_id, kind), {})[name] = int(level or 3)
    return out


def _record(
    participant: Participant,
    mentor_side: bool,
    skills: Mapping[tuple[int, str], dict[str, int]],
    chains: Mapping[int, tuple[int, ...]],
) -> PersonRecord:
    person = participant.person
    profile = getattr(person, "profile", None)
    own = _own_skills(participant, mentor_side, skills)
    return PersonRecord(
        id=person.pk,
        level=float(person.job_level) if person.job_level is not None else None,
        department=person.department or None,
        time_zone=person.time_zone or None,
        languages=tuple(str(x) for x in (person.languages or []) if x),
        meeting_format=(profile.meeting_format if profile else "") or "either",
        interests=tuple(str(x) for x in ((profile.interests if profile else None) or []) if x),
        skills=own,
        text=_text(participant, mentor_side, skills),
        management_chain=chains.get(person.pk, ()),
    )


def _own_skills(
    participant: Participant,
    mentor_side: bool,
    skills: Mapping[tuple[int, str], dict[str, int]],
) -> dict[str, int]:
    kind = ProfileSkill.Kind.EXPERTISE if mentor_side else ProfileSkill.Kind.DEVELOPMENT
    return skills.get((participant.person_id, kind), {})


def _text(
    participant: Participant,
    mentor_side: bool,
    skills: Mapping[tuple[int, str], dict[str, int]],
) -> str:
    """What text similarity compares: a mentee's goals with a mentor's title, bio and
    expertise."""
    person = participant.person
    profile = getattr(person, "profile", None)
    if not mentor_side:
        return profile.career_goals if profile else ""
    own = _own_skills(participant, mentor_side, skills)
    parts = (person.title, profile.bio if profile else "", " ".join(own))
    return " ".join(part for part in parts if part)


def cohort_texts(
    program: Program, kind: str, mentees: list[Participant], mentors: list[Participant]
) -> list[str]:
    """The texts of the program's matchable participants missing from ``mentees`` (rows)
    and ``mentors`` (columns): scored with them as TF-IDF corpus, any subset of the cohort
    — one mentee on the choose page, one manual pair — gets the scores a run gives."""
    return _texts_left_out(_participants(program, kind), mentees, mentors)


def _texts_left_out(
    everyone: tuple[list[Participant], list[Participant]],
    mentees: list[Participant],
    mentors: list[Participant],
) -> list[str]:
    rows, cols = {p.pk for p in mentees}, {p.pk for p in mentors}
    extra_e = [p for p in everyone[0] if p.pk not in rows]
    extra_m = [p for p in everyone[1] if p.pk not in cols]
    skills = _skills({p.person_id for p in extra_m})
    return [_text(p, False, skills) for p in extra_e] + [_text(p, True, skills) for p in extra_m]


def _pair_index(
    pairs: Iterable[Pair], mentees: Mapping[int, int], mentors: Mapping[int, int]
) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for mentee_id, mentor_id in pairs:
        if mentee_id in mentees and mentor_id in mentors:
            out.setdefault(mentees[mentee_id], []).append(mentors[mentor_id])
    return out


def forbidden_pairs(program: Program) -> set[Pair]:
    """Pairs excluded by a rematch (both directions for peers)."""
    rows = ExcludedPair.objects.filter(program=program).values_list("mentee_id", "mentor_id")
    return {pair for a, b in rows for pair in ((a, b), (b, a))}


def requested_pairs(program: Program) -> set[Pair]:
    """Mentors a mentee bookmarked or asked for (the ``requested`` criterion)."""
    bookmarks = Bookmark.objects.filter(mentee__program=program).values_list(
        "mentee_id", "mentor_id"
    )
    asked = MatchRequest.objects.filter(
        program=program, status=MatchRequest.Status.PENDING
    ).values_list("mentee_id", "mentor_id")
    return set(bookmarks) | set(asked)


def build_cohort(
    program: Program,
    mentees: list[Participant],
    mentors: list[Participant],
    *,
    kind: str,
    weights: Mapping[str, float],
    capacities: Mapping[int, int] | None = None,
    forbidden: Collection[Pair] = (),
    requested: Collection[Pair] = (),
    text_corpus: Sequence[str] = (),
) -> Cohort:
    """Records → features → scores for the given participants (rows, columns).

    ``text_corpus``: the texts of participants left out of the rows and columns
    (:func:`cohort_texts`), so that text similarity weighs words by their frequency across
    the whole cohort wherever a pair is scored.
    """
    everyone = {p.person_id for p in [*mentees, *mentors]}
    skills = _skills(everyone)
    chains = _chains(everyone)
    mentee_rows = [_record(p, False, skills, chains) for p in mentees]
    mentor_rows = [_record(p, True, skills, chains) for p in mentors]
    e_index = {p.pk: i for i, p in enumerate(mentees)}
    m_index = {p.pk: j for j, p in enumerate(mentors)}
    features = build_features(
        mentee_rows,
        mentor_rows,
        requested=_pair_index(requested, e_index, m_index),
        avoided=_pair_index(forbidden, e_index, m_index),
    )
    settings = scoring_settings(program, weights, features)
    seats = dict(capacities) if capacities is not None else free_seats(mentors)
    if kind == MatchRun.Kind.PEER:
        seats = {p.pk: 1 for p in mentors}
    caps = np.array([seats.get(p.pk, 0) for p in mentors], dtype=np.int64)
    return Cohort(
        program=program,
        kind=kind,
        mentees=mentees,
        mentors=mentors,
        capacities=caps,
        features=features,
        scores=FeatureScores(features, settings.config, TfidfSimilarity(corpus=text_corpus)),
        settings=settings,
        seats=seats,
    )


def load_cohort(
    program: Program,
    *,
    weights: Mapping[str, float],
    locked: Collection[Pair] = (),
    forbidden: Collection[Pair] = (),
) -> Cohort:
    """The problem of a run: locked pairs are fixed (their mentees leave the pool and their
    mentors' capacities shrink), excluded and ``forbidden`` pairs may not be proposed."""
    kind = kind_for(program)
    everyone = _participants(program, kind)
    mentees, mentors = everyone
    holds = _training_holds(program, mentees, mentors)
    if program.training_gate == "block" and holds:
        held_ids = {p.pk for p, _ in holds}
        mentees = [p for p in mentees if p.pk not in held_ids]
        mentors = [p for p in mentors if p.pk not in held_ids]
    taken = {a for a, _ in locked} | (
        {b for _, b in locked} if kind == MatchRun.Kind.PEER else set()
    )
    mentees = [p for p in mentees if p.pk not in taken]
    if kind == MatchRun.Kind.PEER:
        mentors = mentees
    seats = free_seats(mentors) if kind != MatchRun.Kind.PEER else {}
    for _, mentor_id in locked:
        if mentor_id in seats:
            seats[mentor_id] = max(seats[mentor_id] - 1, 0)
    cohort = build_cohort(
        program,
        mentees,
        mentors,
        kind=kind,
        weights=weights,
        capacities=seats,
        forbidden=forbidden_pairs(program) | set(forbidden),
        requested=requested_pairs(program),
        text_corpus=_texts_left_out(everyone, mentees, mentors),
    )
    if program.training_gate == "block":
        cohort.held_back = holds
    else:
        cohort.training_warnings = [f"{p.person.full_name}: {reason}" for p, reason in holds]
    return cohort


def _training_holds(
    program: Program, mentees: list[Participant], mentors: list[Participant]
) -> list[tuple[Participant, str]]:
    """Participants whose required training is not done (the learning app decides)."""
    from tandem.learning.selectors import training_holds

    people = {p.pk: p for p in [*mentees, *mentors]}
    for p in people.values():
        p.program = program
    return training_holds(list(people.values()))


# --- solving -------------------------------------------------------------------------------


def peer_scores(cohort: Cohort) -> np.ndarray:
    """Symmetric peer scores: the mean of both directions; forbidden if either is."""
    dense = cohort.scores.dense()
    sym: np.ndarray = (dense + dense.T) / 2.0
    np.fill_diagonal(sym, np.nan)
    return sym


def solve(
    cohort: Cohort,
    *,
    solver: str,
    prioritize_coverage: bool,
    progress: Callable[[str], None] | None = None,
) -> MatchResult:
    """Run the engine on a cohort: optimal/stable pairs, circles, or peer pairs.

    ``progress`` receives the optimal solver's sentences (candidate pass, each round).
    """
    n_mentees, n_mentors = len(cohort.mentees), len(cohort.mentors)
    if cohort.kind == MatchRun.Kind.PEER:
        return pair_peers(
            peer_scores(cohort),
            min_score=cohort.min_score,
            prioritize_coverage=prioritize_coverage,
        )
    if cohort.kind == MatchRun.Kind.CIRCLE:
        max_size = int(cohort.capacities.max()) if n_mentors else CIRCLE_MIN_SIZE
        dense = cohort.scores.dense()
        with np.errstate(invalid="ignore"):
            dense[dense < cohort.min_score] = np.nan  # "no match beats a bad match"
        return form_circles(
            dense,
            cohort.capacities,
            min_size=CIRCLE_MIN_SIZE,
            max_size=max(max_size, CIRCLE_MIN_SIZE),
        )
    scores: Any = cohort.scores if n_mentees * n_mentors else np.zeros((n_mentees, n_mentors))
    problem = MatchingProblem(scores, cohort.capacities, min_score=cohort.min_score)
    if solver == MatchRun.Solver.STABLE:
        return solve_stable(problem)
    return solve_optimal(problem, prioritize_coverage=prioritize_coverage, progress=progress)


# --- explaining ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalData:
    mentee: Participant
    mentor: Participant
    score: float | None
    reasons: list[dict[str, Any]]


@dataclass(frozen=True)
class UnmatchedData:
    participant: Participant
    code: str
    reason: str


def reasons_of(explanation: Any) -> list[dict[str, Any]]:
    return [
        {
            "criterion": r.criterion,
            "contribution": round(float(r.contribution), 4),
            "detail": r.detail,
        }
        for r in explanation.reasons
    ]


def _score(value: float, peers: np.ndarray | None, i: int, j: int) -> float | None:
    score = float(peers[i, j]) if peers is not None else value
    return None if np.isnan(score) else round(score, 4)


def explain(cohort: Cohort, result: MatchResult) -> tuple[list[ProposalData], list[UnmatchedData]]:
    """Proposal rows (score + reasons) and unmatched rows (code + sentence) of a result."""
    assignment = np.asarray(result.assignment, dtype=np.int64)
    rows = np.flatnonzero(assignment >= 0)
    if cohort.kind == MatchRun.Kind.PEER:
        rows = rows[assignment[rows] > rows]  # each peer pair once
    cols = assignment[rows]
    explanations = explain_pairs(cohort.scores, rows, cols) if len(rows) else []
    peers = peer_scores(cohort) if cohort.kind == MatchRun.Kind.PEER and len(rows) else None
    proposals = [
        ProposalData(
            mentee=cohort.mentees[int(i)],
            mentor=cohort.mentors[int(j)],
            score=_score(e.score, peers, int(i), int(j)),
            reasons=reasons_of(e),
        )
        for i, j, e in zip(rows.tolist(), cols.tolist(), explanations, strict=True)
    ]
    caps = cohort.capacities if cohort.kind != MatchRun.Kind.PEER else np.ones(len(cohort.mentors))
    reasons = explain_unmatched(
        cohort.scores,
        assignment,
        caps.astype(np.int64),
        min_score=cohort.min_score,
        codes=result.unmatched_reasons,
    )
    unmatched = [UnmatchedData(cohort.mentees[r.mentee], r.code, r.detail[:400]) for r in reasons]
    unmatched += [UnmatchedData(p, "training", reason[:400]) for p, reason in cohort.held_back]
    return proposals, unmatched


def explain_pair(
    cohort: Cohort, mentee_id: int, mentor_id: int
) -> tuple[float | None, list[dict[str, Any]]]:
    """Score and reasons of one pair of a cohort (participant ids); score None if forbidden."""
    i = cohort.mentee_index()[mentee_id]
    j = cohort.mentor_index()[mentor_id]
    explanation = explain_pairs(cohort.scores, [i], [j])[0]
    score = None if np.isnan(explanation.score) else round(float(explanation.score), 4)
    return score, reasons_of(explanation)


def forbidding_rules(cohort: Cohort, mentee_id: int, mentor_id: int) -> list[str]:
    """Names of the hard rules that forbid a pair (empty when allowed)."""
    from tandem.matching.constraints import RULE_LABELS
    from tandem.matching.features import PairSelection

    i = cohort.mentee_index()[mentee_id]
    j = cohort.mentor_index()[mentor_id]
    masks = cohort.scores.constraints.masks(PairSelection.pairs(np.array([i]), np.array([j])))
    return [RULE_LABELS[name] for name, mask in masks.items() if bool(np.asarray(mask).any())]


# --- fairness ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One mentee of a run, for the fairness table."""

    department: str | None
    level: int | None
    location: str | None
    matched: bool
    score: float | None
    demographics: Mapping[str, str | None] = field(default_factory=dict)  # self-declared


def fairness_of(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Match rate and mean score by department, level, location and each self-declared
    demographic (groups < 5 suppressed; demographic ones with the next-smallest too)."""
    assignment = np.array([0 if o.matched else -1 for o in outcomes], dtype=np.int64)
    scores = np.array(
        [o.score if (o.matched and o.score is not None) else np.nan for o in outcomes],
        dtype=np.float64,
    )
    labels: dict[str, list[Any]] = {
        "department": [o.department or None for o in outcomes],
        "level": [f"Level {o.level}" if o.level is not None else None for o in outcomes],
        "location": [o.location or None for o in outcomes],
    }
    out: dict[str, Any] = {}
    for name in BASE_GROUPINGS:
        report = fairness_report(labels[name], assignment, scores)
        out[name] = {
            "groups": [
                {
                    "label": g.label,
                    "suppressed": g.suppressed,
                    "size": g.size,
                    "matched": g.matched,
                    "match_rate": _round(g.match_rate),
                    "mean_score": _round(g.mean_score),
                }
                for g in report.groups
            ],
            "match_rate_gap": _round(report.match_rate_gap),
            "mean_score_gap": _round(report.mean_score_gap),
            "suppressed": report.suppressed,
            "min_group_size": report.min_group_size,
        }
    out.update(demographic_fairness([o.demographics for o in outcomes], assignment, scores))
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
