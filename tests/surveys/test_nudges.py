"""The survey-due nudge: once, N days after the survey asks, never after answering."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engagement.nudging.engine import evaluate
from tests.surveys.conftest import answers_for, open_survey

pytestmark = pytest.mark.django_db


def test_people_who_have_not_answered_are_reminded_once_after_three_days(cohort, frozen):
    survey = open_survey(cohort, anonymous=True)
    answered = cohort.mentees[0]
    r = cohort.client(answered).post(
        f"/api/v1/surveys/{survey.pk}/responses", {"answers": answers_for(survey)}
    )
    assert r.status_code == 201
    assert (
        evaluate(now=frozen.at + dt.timedelta(days=2), only=["survey_due"]).due["survey_due"] == 0
    )
    report = evaluate(now=frozen.at + dt.timedelta(days=3), only=["survey_due"])
    assert report.messages["survey_due"] == 7
    assert not answered.notifications.filter(kind="nudge.survey_due").exists()
    reminded = cohort.mentees[1].notifications.get(kind="nudge.survey_due")
    assert survey.title in reminded.title and "anonymous" in reminded.body
    again = evaluate(now=frozen.at + dt.timedelta(days=4), only=["survey_due"])
    assert again.sent["survey_due"] == 0
