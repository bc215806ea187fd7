"""Success stories: written by a program manager, published only with every member's consent."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import ApiClient
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(frozen):  # noqa: F811
    return make_pair()


def _write(api, pair):
    return api.post(
        "/api/v1/stories",
        {
            "relationship_id": pair.relationship.pk,
            "title": "From analyst to lead",
            "body": "Kenji…",
        },
    )


def test_a_story_is_published_only_after_both_members_consent(pair, api_employee):
    story = _write(ApiClient(pair.manager.user), pair).json()
    assert story["published"] is False
    assert api_employee.get("/api/v1/stories").json() == []
    ApiClient(pair.mentee.user).post(f"/api/v1/stories/{story['id']}/consent")
    assert api_employee.get("/api/v1/stories").json() == []
    body = ApiClient(pair.mentor.user).post(f"/api/v1/stories/{story['id']}/consent").json()
    assert body["published"] is True
    assert [s["title"] for s in api_employee.get("/api/v1/stories").json()] == [
        "From analyst to lead"
    ]
    client = Client()
    client.force_login(pair.mentee.user)
    page = client.get(
        reverse("learning:recognition"), {"program": pair.program.pk}
    ).content.decode()
    assert "From analyst to lead" in page


def test_only_program_managers_and_admins_write_stories(pair, api_employee, api_leader, api_admin):
    assert _write(api_employee, pair).status_code == 403
    assert _write(api_leader, pair).status_code == 403
    assert _write(ApiClient(pair.mentor.user), pair).status_code == 403
    assert _write(api_admin, pair).status_code == 201


def test_someone_outside_the_relationship_cannot_consent(pair, api_employee):
    story = _write(ApiClient(pair.manager.user), pair).json()
    assert api_employee.post(f"/api/v1/stories/{story['id']}/consent").status_code == 404
    assert (
        ApiClient(pair.manager.user).post(f"/api/v1/stories/{story['id']}/consent").status_code
        == 403
    )


def test_anonymous_callers_are_refused(api_anonymous):
    assert api_anonymous.get("/api/v1/stories").status_code == 401
