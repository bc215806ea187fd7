"""Factories for programs and participants."""

from __future__ import annotations

import datetime as dt

import factory

from tandem.core import clock
from tandem.programs.models import EnrollmentQuestion, Participant, Program
from tests.factories import PersonFactory


def _today() -> dt.date:
    return clock.today()


class ProgramFactory(factory.django.DjangoModelFactory):
    """An enrolling one-on-one program whose window is open today."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Program {n}")
    purpose = "Help people grow."
    type = Program.Type.ONE_ON_ONE
    status = Program.Status.ENROLLING
    enrollment_opens = factory.LazyFunction(lambda: _today() - dt.timedelta(days=7))
    enrollment_closes = factory.LazyFunction(lambda: _today() + dt.timedelta(days=14))
    matching_date = factory.LazyFunction(lambda: _today() + dt.timedelta(days=21))
    starts_on = factory.LazyFunction(lambda: _today() + dt.timedelta(days=28))
    ends_on = factory.LazyFunction(lambda: _today() + dt.timedelta(days=200))
    matching_weights = factory.LazyFunction(lambda: {"skills": 3.0, "goals_text": 2.0})
    constraints = factory.LazyFunction(lambda: {"preferred_level_gap": [1, 3]})

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create and extracted:
            obj.managers.set(extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentQuestion

    program = factory.SubFactory(ProgramFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = EnrollmentQuestion.Kind.TEXT


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participant.Role.MENTEE
    status = Participant.Status.APPLIED
