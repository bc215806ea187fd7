"""Fixtures for matchmaking tests: a small cohort with profiles, skills and a manager tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tandem.people.models import Profile, ProfileSkill
from tandem.programs.models import Participant, Program
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory, PersonFactory, SkillFactory
from tests.programs.factories import ParticipantFactory, ProgramFactory

SKILLS = ["SQL", "Negotiation", "Public speaking", "Python", "Leadership", "Design"]


def add_profile(
    person: Any,
    *,
    expertise: dict[str, int] | None = None,
    develop: list[str] | None = None,
    goals: str = "",
    bio: str = "",
    interests: list[str] | None = None,
) -> Profile:
    profile, _ = Profile.objects.get_or_create(person=person)
    profile.career_goals, profile.bio = goals, bio
    profile.interests = interests or []
    profile.save()
    for name, level in (expertise or {}).items():
        ProfileSkill.objects.create(
            profile=profile, skill=SkillFactory(name=name), kind="expertise", level=level
        )
    for name in develop or []:
        ProfileSkill.objects.create(
            profile=profile, skill=SkillFactory(name=name), kind="development"
        )
    return profile


def enrol(
    program: Program,
    person: Any,
    role: str,
    *,
    capacity: int = 1,
    status: str = Participant.Status.APPROVED,
) -> Participant:
    return ParticipantFactory(
        program=program, person=person, role=role, status=status, capacity=capacity
    )


@dataclass
class Cohort:
    program: Program
    manager: Any
    mentors: list[Participant] = field(default_factory=list)
    mentees: list[Participant] = field(default_factory=list)

    def client(self, person: Any) -> ApiClient:
        return ApiClient(person.user)


def make_cohort(
    *,
    mentors: int = 3,
    mentees: int = 5,
    capacity: int = 2,
    program_type: str = "one_on_one",
    mode: str = "admin",
    with_logins: bool = True,
    **program_fields: Any,
) -> Cohort:
    manager = EmployeeFactory(full_name="Mia Manager")
    program = ProgramFactory(
        name="Grow Together",
        managers=[manager],
        type=program_type,
        matching_mode=mode,
        status=Program.Status.MATCHING,
        matching_weights={"skills": 3.0, "seniority": 1.0, "language": 1.0},
        constraints={"preferred_level_gap": [1, 3], "department": "different"},
        **program_fields,
    )
    factory = EmployeeFactory if with_logins else PersonFactory
    cohort = Cohort(program=program, manager=manager)
    departments = ["Engineering", "Sales", "Finance"]
    role_mentor = "peer" if program_type == "peer" else "mentor"
    role_mentee = "peer" if program_type == "peer" else "mentee"
    for j in range(mentors):
        person = factory(full_name=f"Mentor {j}", job_level=5, department=departments[j % 3])
        add_profile(
            person,
            expertise={SKILLS[j % len(SKILLS)]: 5, SKILLS[(j + 1) % len(SKILLS)]: 3},
            develop=[SKILLS[(j + 2) % len(SKILLS)]],
            bio=f"Expert in {SKILLS[j % len(SKILLS)]}",
        )
        cohort.mentors.append(enrol(program, person, role_mentor, capacity=capacity))
    for i in range(mentees):
        person = factory(full_name=f"Mentee {i}", job_level=3, department=departments[(i + 1) % 3])
        add_profile(
            person,
            develop=[SKILLS[i % len(SKILLS)]],
            expertise={SKILLS[(i + 3) % len(SKILLS)]: 3},
            goals=f"I want to learn {SKILLS[i % len(SKILLS)]}",
        )
        cohort.mentees.append(enrol(program, person, role_mentee))
    return cohort


@pytest.fixture
def cohort(db: Any) -> Cohort:
    return make_cohort()


@pytest.fixture
def run_now(django_capture_on_commit_callbacks: Any) -> Any:
    """Start a run and execute it (the task runs on commit, eagerly in tests)."""
    from tandem.matchmaking import services

    def start(program: Program, actor: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            run = services.start_match_run(program=program, actor=actor, **kwargs)
        run.refresh_from_db()
        return run

    return start
