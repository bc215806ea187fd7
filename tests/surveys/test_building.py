"""Building surveys: templates, questions, schedules, who may build — through the API."""

from __future__ import annotations

import pytest

from tandem.surveys.models import Survey
from tandem.surveys.templates import TEMPLATES
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_a_program_manager_builds_a_survey_from_each_template(cohort):
    api = cohort.client(cohort.manager)
    for key, template in TEMPLATES.items():
        r = api.post("/api/v1/surveys", {"program_id": cohort.program.pk, "template_key": key})
        assert r.status_code == 201, r.json()
        body = r.json()
        assert body["title"] == template.title and body["status"] == "draft"
        assert body["trigger"] == template.trigger and body["min_group_size"] == 5
        assert [q["kind"] for q in body["questions"]] == [q["kind"] for q in template.questions]


def test_a_survey_is_built_from_questions_and_opened(cohort):
    api = cohort.client(cohort.manager)
    r = api.post(
        "/api/v1/surveys",
        {
            "program_id": cohort.program.pk,
            "title": "Quick check",
            "anonymous": True,
            "audience": ["mentee"],
            "trigger": "fixed",
            "opens_on": "2025-03-01",
            "closes_on": "2025-03-31",
            "questions": [{"kind": "choice", "text": "Pick", "options": ["A", "B"]}],
        },
    )
    assert r.status_code == 201
    sid = r.json()["id"]
    r = api.patch(f"/api/v1/surveys/{sid}", {"status": "open"})
    assert r.status_code == 200 and r.json()["status"] == "open"
    assert api.get("/api/v1/surveys").json()["count"] == 1


def test_a_survey_with_no_questions_is_refused_naming_the_field(cohort):
    api = cohort.client(cohort.manager)
    r = api.post(
        "/api/v1/surveys", {"program_id": cohort.program.pk, "title": "Empty", "questions": []}
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "questions"


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"kind": "choice", "text": "Pick", "options": ["A"]}, "questions[0].options"),
        ({"kind": "text", "text": "  "}, "questions[0].text"),
        ({"kind": "nps", "text": "Score", "options": ["x"]}, "questions[0].options"),
        ({"kind": "likert", "text": "Agree?", "options": ["a", "b"]}, "questions[0].options"),
    ],
)
def test_bad_questions_are_refused_naming_the_field(cohort, question, field):
    api = cohort.client(cohort.manager)
    r = api.post(
        "/api/v1/surveys",
        {"program_id": cohort.program.pk, "title": "T", "questions": [question]},
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == field


def test_the_smallest_group_is_never_below_three(cohort):
    api = cohort.client(cohort.manager)
    r = api.post(
        "/api/v1/surveys",
        {"program_id": cohort.program.pk, "template_key": "midpoint", "min_group_size": 2},
    )
    assert r.status_code == 422
    assert "min_group_size" in str(r.json())


def test_questions_and_anonymity_lock_once_someone_answered(cohort):
    from tests.surveys.conftest import answers_for, open_survey

    survey = open_survey(cohort)
    mentee = cohort.client(cohort.mentees[0])
    assert (
        mentee.post(
            f"/api/v1/surveys/{survey.pk}/responses", {"answers": answers_for(survey)}
        ).status_code
        == 201
    )
    api = cohort.client(cohort.manager)
    r = api.patch(f"/api/v1/surveys/{survey.pk}", {"questions": [{"kind": "text", "text": "New"}]})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "questions"
    r = api.patch(f"/api/v1/surveys/{survey.pk}", {"anonymous": True})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "anonymous"


def test_an_organisation_wide_survey_is_for_org_admins_only(cohort, api_admin):
    body = {"program_id": None, "template_key": "pre_self"}
    assert cohort.client(cohort.manager).post("/api/v1/surveys", body).status_code == 403
    r = api_admin.post("/api/v1/surveys", body)
    assert r.status_code == 201 and r.json()["audience"] == ["everyone"]
    assert r.json()["trigger"] == "fixed"


@pytest.mark.parametrize("who", ["employee", "mentee", "manager of another program", "anonymous"])
def test_who_may_not_build_a_programs_survey(cohort, who):
    from tests.surveys.conftest import make_cohort

    clients = {
        "employee": ApiClient(EmployeeFactory().user),
        "mentee": cohort.client(cohort.mentees[0]),
        "manager of another program": ApiClient(make_cohort(1, 1).manager.user),
        "anonymous": ApiClient(),
    }
    api = clients[who]
    r = api.post("/api/v1/surveys", {"program_id": cohort.program.pk, "template_key": "checkin"})
    assert r.status_code in {401, 403, 404}
    assert not Survey.objects.exists()


@pytest.mark.parametrize("who", ["employee", "mentee", "manager of another program", "anonymous"])
def test_who_may_not_change_a_survey(cohort, who):
    from tests.surveys.conftest import make_cohort, open_survey

    survey = open_survey(cohort)
    clients = {
        "employee": ApiClient(EmployeeFactory().user),
        "mentee": cohort.client(cohort.mentees[0]),
        "manager of another program": ApiClient(make_cohort(1, 1).manager.user),
        "anonymous": ApiClient(),
    }
    r = clients[who].patch(f"/api/v1/surveys/{survey.pk}", {"status": "closed"})
    assert r.status_code in {401, 403, 404}
    survey.refresh_from_db()
    assert survey.status == "open"
