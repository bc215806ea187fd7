"""The survey pages: builder, one-page answer form, results, who may open them."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.surveys.models import Completion, Response, Survey
from tests.factories import EmployeeFactory
from tests.surveys.conftest import open_survey

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_a_manager_creates_a_survey_from_a_template_adds_a_question_and_opens_it(cohort):
    web = _client(cohort.manager)
    assert web.get("/surveys/new/").status_code == 200
    r = web.post("/surveys/new/", {"program": cohort.program.pk, "template_key": "midpoint"})
    survey = Survey.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/surveys/{survey.pk}/"
    page = web.get(f"/surveys/{survey.pk}/").content.decode()
    assert "Midpoint survey" in page and "Add a question" in page
    r = web.post(
        f"/surveys/{survey.pk}/",
        {"form": "question", "kind": "choice", "text": "Where?", "options": "Here\nThere"},
    )
    assert r.status_code == 302 and survey.questions.count() == 5
    r = web.post(
        f"/surveys/{survey.pk}/",
        {"form": "question", "kind": "choice", "text": "Only one", "options": "Alone"},
    )
    assert "at least two different options" in r.content.decode()
    web.post(f"/surveys/{survey.pk}/status/", {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"


def test_a_mentee_answers_on_one_page_and_bad_answers_show_beside_the_question(cohort):
    survey = open_survey(cohort, anonymous=True)
    web = _client(cohort.mentees[0])
    assert survey.title in web.get("/surveys/").content.decode()
    page = web.get(f"/surveys/{survey.pk}/answer/").content.decode()
    assert "Anonymous" in page and 'type="radio"' in page
    qs = list(survey.questions.all())
    r = web.post(f"/surveys/{survey.pk}/answer/", {f"question_{qs[1].pk}": "9"})
    assert r.status_code == 200 and "This field is required" in r.content.decode()
    data = {
        f"question_{qs[0].pk}": "4",
        f"question_{qs[1].pk}": "10",
        f"question_{qs[2].pk}": "Video",
        f"question_{qs[3].pk}": ["Career", "Life"],
    }
    r = web.post(f"/surveys/{survey.pk}/answer/", data)
    assert r.status_code == 302
    assert Response.objects.get().person_id is None and Completion.objects.count() == 1
    r = web.post(f"/surveys/{survey.pk}/answer/", data)
    assert "already answered" in r.content.decode()


def test_the_results_page_says_why_figures_are_hidden(cohort):
    survey = open_survey(cohort, anonymous=True)
    page = _client(cohort.manager).get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "Results appear when at least 5 people have answered" in page


@pytest.mark.parametrize("path", ["/surveys/{id}/", "/surveys/{id}/results/"])
def test_people_outside_the_program_team_cannot_open_the_builder_or_results(cohort, path):
    survey = open_survey(cohort)
    for person in (cohort.mentees[0], EmployeeFactory()):
        r = _client(person).get(path.format(id=survey.pk))
        assert r.status_code in {403, 404}


def test_an_employee_cannot_open_the_new_survey_page(cohort):
    assert _client(EmployeeFactory()).get("/surveys/new/").status_code == 404
