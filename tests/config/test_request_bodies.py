"""A JSON request body is an object: a bare string, number, null or ``[null, null]`` is a 422
(issue 15, the contract), on every operation whose body is an object."""

from __future__ import annotations

import json
import re

import pytest

from tandem.config.api import api

pytestmark = pytest.mark.django_db

NOT_AN_OBJECT = "The request body must be a JSON object."


def _object_body_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            # Schema-validated bodies ($ref); the decline body (inline) is read by the view.
            if "$ref" in body:
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


OPERATIONS = _object_body_operations()


def test_the_operations_with_an_object_body_are_found():
    assert len(OPERATIONS) > 40


@pytest.mark.parametrize("body", ["[null, null]", '"abc"', "null", "3", "true", "[]"])
def test_a_body_that_is_not_a_json_object_is_a_422_on_every_operation(body, api_admin):
    wrong = []
    for method, path in OPERATIONS:
        response = getattr(api_admin.client, method)(
            path, body, content_type="application/json", **api_admin.headers
        )
        ok = response.status_code == 422 and NOT_AN_OBJECT in json.dumps(response.json())
        if not ok:
            wrong.append(f"{method.upper()} {path} -> {response.status_code}")
    assert wrong == []


def test_a_patch_of_a_person_with_a_bare_string_changes_nothing(api_admin, admin_person):
    before = admin_person.title
    response = api_admin.patch(f"/api/v1/people/{admin_person.pk}", '"abc"')
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == NOT_AN_OBJECT
    admin_person.refresh_from_db()
    assert admin_person.title == before
