"""Answering: once, only while open, only when asked; anonymous answers link to nobody."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.relationships import meetings
from tandem.surveys.models import Completion, Response
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.surveys.conftest import answers_for, open_survey

pytestmark = pytest.mark.django_db


def _post(cohort, person, survey, answers):
    return cohort.client(person).post(
        f"/api/v1/surveys/{survey.pk}/responses", {"answers": answers}
    )


def test_an_anonymous_answer_is_stored_with_no_link_to_the_person(cohort):
    survey = open_survey(cohort, anonymous=True)
    r = _post(cohort, cohort.mentees[0], survey, answers_for(survey, text="Great"))
    assert r.status_code == 201 and r.json()["anonymous"] is True
    response = Response.objects.get()
    assert response.person_id is None and response.relationship_id is None
    assert response.role == "mentee"
    assert Completion.objects.get().person == cohort.mentees[0]


def test_a_named_answer_keeps_the_person(cohort):
    survey = open_survey(cohort)
    assert _post(cohort, cohort.mentees[0], survey, answers_for(survey)).status_code == 201
    assert Response.objects.get().person == cohort.mentees[0]


def test_a_second_answer_is_refused_naming_the_survey(cohort):
    survey = open_survey(cohort)
    assert _post(cohort, cohort.mentees[0], survey, answers_for(survey)).status_code == 201
    r = _post(cohort, cohort.mentees[0], survey, answers_for(survey))
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "survey"
    assert Response.objects.count() == 1


def test_an_answer_to_a_closed_survey_is_refused(cohort):
    survey = open_survey(cohort)
    cohort.client(cohort.manager).patch(f"/api/v1/surveys/{survey.pk}", {"status": "closed"})
    r = _post(cohort, cohort.mentees[0], survey, answers_for(survey))
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "survey"
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (1, 11, "Choose a whole number from 0 to 10."),
        (0, 6, "Choose a whole number from 1 to 5."),
        (2, "Carrier pigeon", "Choose one of the listed options."),
        (3, ["Career", "Cooking"], "Choose one of the listed options."),
        (0, None, "Please answer this question."),
    ],
)
def test_bad_answers_are_refused_naming_the_field_and_nothing_is_written(
    cohort, index, value, message
):
    survey = open_survey(cohort)
    answers = answers_for(survey)
    answers[index]["value"] = value
    r = _post(cohort, cohort.mentees[0], survey, answers)
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": f"answers[{index}].value", "message": message}]
    assert not Response.objects.exists() and not Completion.objects.exists()


def test_an_answer_to_a_question_of_another_survey_is_refused(cohort):
    survey = open_survey(cohort)
    other = open_survey(cohort)
    answers = answers_for(survey)
    answers[0]["question_id"] = other.questions.first().pk
    r = _post(cohort, cohort.mentees[0], survey, answers)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "answers[0].question_id"


def test_people_the_survey_does_not_ask_cannot_answer_or_see_it(cohort):
    survey = open_survey(cohort, audience=["mentor"])
    outsider = ApiClient(EmployeeFactory().user)
    assert outsider.get(f"/api/v1/surveys/{survey.pk}").status_code == 404
    assert _post(cohort, cohort.mentees[0], survey, answers_for(survey)).status_code == 404
    assert _post(cohort, cohort.mentors[0], survey, answers_for(survey)).status_code == 201


def test_my_surveys_lists_what_waits_and_forgets_it_once_answered(cohort):
    survey = open_survey(cohort, anonymous=True)
    api = cohort.client(cohort.mentees[0])
    waiting = api.get("/api/v1/me/surveys").json()
    assert [w["survey_id"] for w in waiting] == [survey.pk]
    _post(cohort, cohort.mentees[0], survey, answers_for(survey))
    assert api.get("/api/v1/me/surveys").json() == []


def test_a_checkin_survey_asks_each_member_after_the_first_held_meeting(db, frozen):
    from tandem.surveys import services
    from tests.surveys.conftest import make_pair

    pair = make_pair()
    survey = services.create_survey(
        actor=pair.manager.user, program=pair.program, template_key="checkin", status="open"
    )
    mentee = pair.client("mentee")
    assert mentee.get("/api/v1/me/surveys").json() == []
    meetings.log_held_meeting(
        relationship=pair.relationship,
        actor=pair.mentor.user,
        starts_at=frozen.at - dt.timedelta(hours=2),
    )
    waiting = mentee.get("/api/v1/me/surveys").json()
    assert [(w["survey_id"], w["relationship_id"]) for w in waiting] == [
        (survey.pk, pair.relationship.pk)
    ]
    assert waiting[0]["until"] == str(frozen.at.date() + dt.timedelta(days=21))
    qs = list(survey.questions.all())
    answers = [
        {"question_id": qs[0].pk, "value": 5},
        {"question_id": qs[1].pk, "value": 4},
        {"question_id": qs[2].pk, "value": "Weekly"},
    ]
    r = mentee.post(f"/api/v1/surveys/{survey.pk}/responses", {"answers": answers})
    assert r.status_code == 201
    assert Response.objects.get().relationship == pair.relationship
    assert mentee.get("/api/v1/me/surveys").json() == []
