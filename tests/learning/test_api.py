"""The training API: who may author, what learners see, attempts, /me/training."""

from __future__ import annotations

import pytest

from tandem.learning.models import TrainingModule
from tests.conftest import ApiClient

from .conftest import make_module, module_payload

pytestmark = pytest.mark.django_db
URL = "/api/v1/training/modules"


def test_an_admin_creates_a_module_and_sees_the_correct_options(api_admin):
    response = api_admin.post(URL, module_payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["quiz"]["questions"][0]["options"][0]["correct"] is True
    assert body["sections"][0]["body_html"] == "<p>Ask <em>what</em> and <em>how</em>.</p>"


@pytest.mark.parametrize("client", ["api_employee", "api_leader"])
def test_only_org_admins_create_modules(client, request):
    assert request.getfixturevalue(client).post(URL, module_payload()).status_code == 403


def test_anonymous_callers_are_refused_everywhere(api_anonymous, module):
    assert api_anonymous.get(URL).status_code == 401
    assert api_anonymous.post(f"{URL}/{module.pk}/attempts", {"answers": []}).status_code == 401
    assert api_anonymous.get("/api/v1/me/training").status_code == 401


@pytest.mark.parametrize("client", ["api_employee", "api_leader"])
def test_only_org_admins_patch_modules(client, request, module):
    api = request.getfixturevalue(client)
    assert api.patch(f"{URL}/{module.pk}", {"title": "Mine"}).status_code == 403


def test_learners_never_receive_the_correct_answers(api_employee, module):
    for body in (api_employee.get(f"{URL}/{module.pk}").json(), api_employee.get(URL).json()[0]):
        assert "correct" not in str(body)


def test_a_draft_module_is_hidden_from_learners(api_employee, api_admin):
    draft = make_module("Secret", published=False)
    assert api_employee.get(f"{URL}/{draft.pk}").status_code == 404
    assert api_admin.get(f"{URL}/{draft.pk}").status_code == 200


def test_bad_quiz_input_is_a_4xx_naming_the_field(api_admin):
    payload = module_payload()
    payload["quiz"]["pass_mark"] = 150
    response = api_admin.post(URL, payload)
    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["field"] == "quiz.pass_mark"
    payload = module_payload(
        quiz={
            "pass_mark": 50,
            "questions": [{"text": "Q", "options": [{"text": "a"}, {"text": "b"}]}],
        }
    )
    response = api_admin.post(URL, payload)
    assert response.status_code == 400 and "correct" in response.json()["detail"]


def test_an_admin_patches_a_module_and_removes_its_quiz(api_admin, module):
    response = api_admin.patch(f"{URL}/{module.pk}", {"title": "Listening well", "quiz": None})
    assert response.status_code == 200
    assert response.json()["title"] == "Listening well" and "quiz" not in response.json()
    assert TrainingModule.objects.get(pk=module.pk).quiz == {}


def test_an_attempt_is_scored_on_the_server(api_employee, module):
    response = api_employee.post(f"{URL}/{module.pk}/attempts", {"answers": [[0], [0, 1]]})
    assert response.json() == {
        "passed": True,
        "score": 100,
        "pass_mark": 50,
        "correct": [True, True],
    }
    mine = {r["module_id"]: r for r in api_employee.get("/api/v1/me/training").json()}
    assert mine[module.pk]["status"] == "completed" and mine[module.pk]["score"] == 100


def test_a_malformed_attempt_is_refused(api_employee, module):
    assert api_employee.post(f"{URL}/{module.pk}/attempts", {"answers": [[9]]}).status_code == 400


def test_complete_is_only_for_modules_without_a_quiz(api_employee, module):
    assert api_employee.post(f"{URL}/{module.pk}/complete").status_code == 409
    plain = make_module("Plain", quiz={})
    response = api_employee.post(f"{URL}/{plain.pk}/complete")
    assert response.status_code == 200 and response.json()["status"] == "completed"


def test_section_progress_through_the_api(api_employee, module):
    response = api_employee.post(f"{URL}/{module.pk}/sections/0/done")
    assert response.json()["status"] == "in_progress" and response.json()["sections_done"] == 1


def test_me_training_lists_shipped_modules_as_not_started(employee_person):
    rows = ApiClient(employee_person.user).get("/api/v1/me/training").json()
    assert len(rows) == 6 and {r["status"] for r in rows} == {"not_started"}
