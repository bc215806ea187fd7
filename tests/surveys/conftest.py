"""Fixtures for survey tests: a program with a manager and several mentees and mentors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tandem.surveys import services
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import NOW, FrozenClock, Pair, make_pair
from tests.relationships.factories import ParticipantFactory, ProgramFactory

__all__ = ["NOW", "FrozenClock", "Pair", "make_pair"]


@dataclass
class Cohort:
    program: Any
    manager: Any
    mentees: list[Any]
    mentors: list[Any]

    def client(self, person: Any) -> ApiClient:
        return ApiClient(person.user)


def make_cohort(mentees: int = 6, mentors: int = 2) -> Cohort:
    program = ProgramFactory()
    manager = EmployeeFactory(full_name="Mia Manager")
    program.managers.add(manager)
    return Cohort(
        program,
        manager,
        [ParticipantFactory(program=program, role="mentee").person for _ in range(mentees)],
        [ParticipantFactory(program=program, role="mentor").person for _ in range(mentors)],
    )


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch, NOW)


@pytest.fixture
def cohort(db: Any, frozen: FrozenClock) -> Cohort:
    return make_cohort()


def open_survey(cohort: Cohort, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "title": "Pulse of the cohort",
        "audience": ["mentee", "mentor"],
        "questions": [
            {"kind": "likert", "text": "The program is worth my time."},
            {"kind": "nps", "text": "Would you recommend it?"},
            {"kind": "choice", "text": "Best format?", "options": ["Video", "In person"]},
            {"kind": "multi_choice", "text": "Topics?", "options": ["Career", "Skills", "Life"]},
            {"kind": "text", "text": "Anything else?", "required": False},
        ],
        "status": "open",
        **fields,
    }
    return services.create_survey(actor=cohort.manager.user, program=cohort.program, **values)


def answers_for(survey: Any, likert: int = 4, nps: int = 9, text: str = "") -> list[dict]:
    qs = list(survey.questions.all())
    values: list[Any] = [likert, nps, "Video", ["Career"], text]
    return [{"question_id": q.pk, "value": v} for q, v in zip(qs, values, strict=True)]


@pytest.fixture
def pair(db: Any, frozen: FrozenClock) -> Pair:
    return make_pair()
