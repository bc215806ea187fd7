"""Bad input to the API is a specific 4xx, never a 500 or a misleading message
(issues 14.9 and 15.8)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body", ['{"email": "a@example.com", "password": ', "not json", "{'email': 1}", "\xff\xfe"]
)
def test_a_malformed_json_body_is_a_400_saying_the_body_is_not_valid_json(body):
    response = Client().post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."
    assert response.json()["errors"] == [
        {"field": "body", "message": "The request body is not valid JSON."}
    ]


def test_a_malformed_json_body_to_an_authenticated_endpoint_says_so_too(api_admin):
    person = EmployeeFactory()
    response = api_admin.patch(f"/api/v1/people/{person.pk}", '{"title": "x",}')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/me/tokens", "/api/v1/programs", "/api/v1/people/1/erase"]
)
def test_an_invalid_bearer_token_on_a_post_is_a_401_not_a_csrf_403(path):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path, {"name": "x"}, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."


def test_a_browser_session_post_without_a_csrf_token_is_still_refused(employee_person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee_person.user)
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
