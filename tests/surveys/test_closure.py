"""The closure survey is the program's builder survey from the ``closure`` template: the
relationship's closure page and ``/relationships/{id}/closure-survey`` write its responses."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.insights.kpis import Filters, satisfaction
from tandem.relationships import services as relationship_services
from tandem.surveys import services
from tandem.surveys.closure import CLOSED_BY_MANAGERS
from tandem.surveys.models import Completion, Response, Survey
from tandem.surveys.templates import CLOSURE_ACHIEVED, CLOSURE_NPS, CLOSURE_RATING
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.surveys.conftest import make_pair

pytestmark = pytest.mark.django_db

LEGACY = {"achieved": "My first conference talk", "rating": 4, "would_recommend": True}


def _close(pair):
    relationship_services.end_relationship(
        relationship=pair.relationship, actor=pair.manager.user, status="completed"
    )
    pair.relationship.refresh_from_db()


def _path(pair):
    return f"/api/v1/relationships/{pair.relationship.pk}/closure-survey"


def _browser(person):
    browser = Client()
    browser.force_login(person.user)
    return browser


def test_closing_a_relationship_gives_its_program_one_open_closure_survey(pair):
    assert not Survey.objects.exists()
    _close(pair)
    survey = Survey.objects.get()
    assert (survey.program, survey.template_key, survey.trigger) == (
        pair.program,
        "closure",
        "closure",
    )
    assert survey.status == "open" and survey.anonymous is False
    assert [q.text for q in survey.questions.all()][:2] == [CLOSURE_ACHIEVED, CLOSURE_RATING]
    other = make_pair(program=pair.program)
    relationship_services.end_relationship(
        relationship=other.relationship, actor=other.manager.user, status="completed"
    )
    assert Survey.objects.count() == 1


def test_the_api_answer_is_a_named_response_of_the_closure_survey(pair):
    _close(pair)
    r = pair.client("mentee").post(_path(pair), {**LEGACY, "nps": 9})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["achieved"] == LEGACY["achieved"] and body["rating"] == 4
    assert body["would_recommend"] is True and body["nps"] == 9 and body["anonymous"] is False
    # created_at stays for clients of the fixed form: the answer's day at midnight UTC.
    assert body["created_at"] == f"{body['submitted_on']}T00:00:00Z"
    response = Response.objects.get()
    assert (response.person, response.relationship, response.role) == (
        pair.mentee,
        pair.relationship,
        "mentee",
    )
    answers = {a.question.text: a for a in response.answers.all()}
    assert answers[CLOSURE_RATING].number == 4 and answers[CLOSURE_NPS].number == 9
    done = Completion.objects.get()
    assert done.pk == body["id"] and done.survey_id == body["survey_id"]
    assert pair.client("mentee").get(_path(pair)).json()["achieved"] == LEGACY["achieved"]


def test_each_member_answers_once_and_only_after_closure(pair):
    early = pair.client("mentee").post(_path(pair), LEGACY)
    assert early.status_code == 409 and not Survey.objects.exists()
    _close(pair)
    assert pair.client("mentee").post(_path(pair), LEGACY).status_code == 201
    again = pair.client("mentee").post(_path(pair), LEGACY)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "survey"
    assert pair.client("mentor").get(_path(pair)).status_code == 404
    assert pair.client("mentor").post(_path(pair), LEGACY).status_code == 201
    assert Response.objects.count() == 2


def test_a_bad_legacy_answer_names_its_field_and_writes_nothing(pair):
    _close(pair)
    for payload, field in [
        ({**LEGACY, "achieved": "   "}, "achieved"),
        ({**LEGACY, "rating": 6}, "rating"),
        ({**LEGACY, "nps": 11}, "nps"),
    ]:
        r = pair.client("mentee").post(_path(pair), payload)
        assert r.status_code in {400, 422}, payload
        assert field in str(r.json()), payload
    assert not Response.objects.exists() and not Completion.objects.exists()


@pytest.mark.parametrize(
    "who",
    ["another mentee", "manager of this program", "org admin", "employee", "anonymous"],
)
def test_who_may_not_answer_or_read_a_members_closure_answer(pair, who):
    _close(pair)
    assert pair.client("mentee").post(_path(pair), LEGACY).status_code == 201
    other = make_pair()
    clients = {
        "another mentee": other.client("mentee"),
        "manager of this program": pair.client("manager"),
        "org admin": ApiClient(EmployeeFactory(user__is_org_admin=True).user),
        "employee": ApiClient(EmployeeFactory().user),
        "anonymous": ApiClient(),
    }
    expected = {401} if who == "anonymous" else {403, 404}
    assert clients[who].get(_path(pair)).status_code in expected
    assert clients[who].post(_path(pair), LEGACY).status_code in expected
    assert Response.objects.count() == 1


def test_an_anonymous_closure_survey_keeps_no_link_and_reads_back_only_the_fact(pair):
    _close(pair)
    survey = Survey.objects.get()
    services.update_survey(actor=pair.manager.user, survey=survey, anonymous=True)
    assert pair.client("mentee").post(_path(pair), LEGACY).status_code == 201
    response = Response.objects.get()
    assert response.person is None and response.relationship is None
    body = pair.client("mentee").get(_path(pair)).json()
    assert body["anonymous"] is True and body["achieved"] is None and body["rating"] is None


def test_a_closure_survey_closed_by_its_managers_is_not_replaced(pair):
    _close(pair)
    survey = Survey.objects.get()
    services.update_survey(actor=pair.manager.user, survey=survey, status="closed")
    r = pair.client("mentee").post(_path(pair), LEGACY)
    assert r.status_code == 409 and r.json()["errors"][0]["message"] == CLOSED_BY_MANAGERS
    page = _browser(pair.mentee).get(f"/relationships/{pair.relationship.pk}/closure/")
    assert "closed by its managers" in page.content.decode()
    assert Survey.objects.count() == 1


def test_a_customised_closure_survey_is_answered_in_full_on_the_page(pair):
    _close(pair)
    survey = Survey.objects.get()
    questions = services.questions_as_dicts(survey)
    questions.append({"kind": "text", "text": "What will you do next?", "required": True})
    services.update_survey(actor=pair.manager.user, survey=survey, questions=questions)
    refused = pair.client("mentee").post(_path(pair), LEGACY)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "survey"
    path = f"/relationships/{pair.relationship.pk}/closure/"
    browser = _browser(pair.mentee)
    assert "What will you do next?" in browser.get(path).content.decode()
    qs = list(survey.questions.all())
    form = {
        f"question_{qs[0].pk}": "A plan",
        f"question_{qs[1].pk}": "5",
        f"question_{qs[2].pk}": "Yes",
        f"question_{qs[4].pk}": "Mentor someone",
    }
    answered = browser.post(path, form)
    assert answered.status_code == 302 and answered.url.endswith("/certificate/")
    assert Response.objects.get().answers.count() == 4
    assert "Thank you — you answered" in browser.get(path).content.decode()


def test_the_page_waits_for_the_relationship_to_close(pair):
    page = _browser(pair.mentee).get(f"/relationships/{pair.relationship.pk}/closure/")
    assert "opens when the relationship is completed or ended" in page.content.decode()
    assert not Survey.objects.exists()


def test_closure_answers_reach_the_results_at_the_fifth_and_the_dashboard_nps(pair):
    pairs = [pair] + [make_pair(program=pair.program) for _ in range(4)]
    for i, p in enumerate(pairs):
        _close(p)
        assert p.client("mentee").post(_path(p), {**LEGACY, "nps": 10}).status_code == 201
        survey = Survey.objects.get()
        results = pair.client("manager").get(f"/api/v1/surveys/{survey.pk}/results").json()
        assert results["responses"] == i + 1
        assert results["suppressed"] is (i < 4)
    rating = results["questions"][1]
    assert rating["n"] == 5 and rating["mean"] == pytest.approx(4.0)
    nps = satisfaction(pair.program, Filters())["nps"]
    assert nps["n"] == 5 and nps["suppressed"] is False
