"""The fixed closure form's answers move into the builder's closure survey."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from tandem.relationships.models import ClosureSurvey, Relationship
from tandem.surveys.models import Completion, Response, Survey

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tandem.surveys.migrations.0002_closure_surveys_into_builder")


def test_closure_answers_become_named_responses_of_a_closure_survey(pair):
    Relationship.objects.filter(pk=pair.relationship.pk).update(
        status="completed", ended_on=dt.date(2025, 6, 30)
    )
    ClosureSurvey.objects.create(
        relationship=pair.relationship,
        person=pair.mentee,
        achieved="A promotion plan",
        rating=5,
        would_recommend=True,
    )
    migration.forwards(apps, None)
    survey = Survey.objects.get()
    assert survey.template_key == "closure" and survey.program == pair.program
    response = Response.objects.get()
    assert response.person == pair.mentee and response.role == "mentee"
    answers = {a.question.kind: a for a in response.answers.all()}
    assert answers["text"].text == "A promotion plan" and answers["likert"].number == 5
    assert answers["choice"].choices == ["Yes"]
    assert Completion.objects.get().relationship == pair.relationship
