"""Factories for programs and participants used by the relationship tests."""

from __future__ import annotations

import datetime as dt

import factory

from tandem.programs.models import Participant, Program
from tests.factories import EmployeeFactory

CURRICULUM = [
    {"week": 1, "topic": "Getting to know each other", "details": "Share your stories."},
    {"week": 3, "topic": "Giving and receiving feedback", "details": "Practise the SBI model."},
    {"week": 6, "topic": "Planning the next step", "details": "Look back, look ahead."},
]


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    status = Program.Status.ACTIVE
    starts_on = dt.date(2025, 1, 6)
    ends_on = dt.date(2025, 12, 19)
    meeting_cadence_days = 14
    curriculum = factory.LazyFunction(lambda: list(CURRICULUM))
    conversation_starters = factory.LazyFunction(
        lambda: ["What energises you at work?", "Who do you admire, and why?", "What scares you?"]
    )
    agreement_text = "We meet every two weeks. What we say stays between us."


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(EmployeeFactory)
    role = Participant.Role.MENTEE
    status = Participant.Status.APPROVED
    capacity = 1
