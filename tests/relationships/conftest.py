"""Fixtures for relationship tests: a frozen clock, a program with a manager, a pair."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tandem.core import clock
from tandem.relationships import services
from tandem.relationships.models import Relationship
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.factories import ParticipantFactory, ProgramFactory

# Monday 3 March 2025, 12:00 UTC — two months into the test programs.
NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC)


class FrozenClock:
    """Patches ``tandem.core.clock``: every service asks it for the time."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: dt.datetime) -> None:
        self.at = at
        monkeypatch.setattr(clock, "now", lambda: self.at)
        monkeypatch.setattr(clock, "today", lambda: self.at.astimezone(dt.UTC).date())

    def move_to(self, at: dt.datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> None:
        self.at = self.at + dt.timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch, NOW)


@dataclass
class Pair:
    program: Any
    manager: Any
    mentor: Any  # Person
    mentee: Any  # Person
    mentor_participant: Any
    mentee_participant: Any
    relationship: Relationship

    def client(self, who: str) -> ApiClient:
        return ApiClient(getattr(self, who).user)


def make_pair(
    *,
    program: Any = None,
    mentor_zone: str = "America/New_York",
    mentee_zone: str = "Asia/Tokyo",
    accept: bool = True,
) -> Pair:
    manager = EmployeeFactory(full_name="Mia Manager")
    program = program or ProgramFactory()
    program.managers.add(manager)
    mentor = ParticipantFactory(
        program=program,
        role="mentor",
        capacity=3,
        person__full_name="Marta Mentor",
        person__time_zone=mentor_zone,
    )
    mentee = ParticipantFactory(
        program=program,
        role="mentee",
        person__full_name="Kenji Mentee",
        person__time_zone=mentee_zone,
    )
    relationship = services.create_relationship(
        program=program,
        mentor=mentor,
        mentees=[mentee],
        kind="pair",
        actor=manager.user,
        match_score=0.82,
        match_reasons=[
            {
                "criterion": "skills",
                "contribution": 0.4,
                "detail": "Marta is strong in public speaking, which Kenji wants to grow",
            }
        ],
    )
    if accept:
        for person in (mentor.person, mentee.person):
            relationship = _reload(relationship)
            services.accept_agreement(relationship=relationship, actor=person.user)
    return Pair(
        program, manager, mentor.person, mentee.person, mentor, mentee, _reload(relationship)
    )


def _reload(relationship: Relationship) -> Relationship:
    from tandem.relationships.selectors import relationships_queryset

    return relationships_queryset().get(pk=relationship.pk)


@pytest.fixture
def pair(db: Any, frozen: FrozenClock) -> Pair:
    return make_pair()


@pytest.fixture
def pending_pair(db: Any, frozen: FrozenClock) -> Pair:
    return make_pair(accept=False)


@pytest.fixture
def outsiders(db: Any, pair: Pair) -> dict[str, ApiClient]:
    """Everyone who must not read the pair's contents, by role."""
    other = make_pair()  # another mentee and a manager of another program
    admin = EmployeeFactory(user__is_org_admin=True)
    return {
        "another mentee": other.client("mentee"),
        "another mentor": other.client("mentor"),
        "manager of another program": other.client("manager"),
        "employee": ApiClient(EmployeeFactory().user),
        "anonymous": ApiClient(),
        "org admin": ApiClient(admin.user),
        "manager of this program": pair.client("manager"),
    }


def reload(relationship: Relationship) -> Relationship:
    return _reload(relationship)
