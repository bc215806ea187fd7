"""/api/v1/scim/tokens: org admins make, list and revoke provisioning tokens."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.core.models import AuditLog
from tandem.people.models import ScimToken
from tests.people.scim.conftest import ScimClient


def test_an_admin_creates_a_token_shown_once_and_stored_hashed(api_admin: Any) -> None:
    response = api_admin.post("/api/v1/scim/tokens", {"name": "Okta"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["token"].startswith("tdmscim_")
    assert body["scim_base_url"].endswith("/scim/v2/")
    row = ScimToken.objects.get(pk=body["id"])
    assert body["token"] not in (row.digest, row.prefix)
    listed = api_admin.get("/api/v1/scim/tokens").json()
    assert listed["count"] == 1
    assert "token" not in listed["items"][0]
    assert ScimClient(body["token"]).get("Users").status_code == 200
    assert AuditLog.objects.filter(action="scim_token.create").exists()


def test_a_revoked_token_stops_working_at_once(api_admin: Any) -> None:
    body = api_admin.post("/api/v1/scim/tokens", {"name": "Okta"}).json()
    assert api_admin.delete(f"/api/v1/scim/tokens/{body['id']}").status_code == 204
    assert ScimClient(body["token"]).get("Users").status_code == 401
    assert api_admin.get("/api/v1/scim/tokens").json()["items"][0]["revoked_at"] is not None
    assert api_admin.delete(f"/api/v1/scim/tokens/{body['id']}").status_code == 409


def test_a_blank_name_is_refused_naming_the_field(api_admin: Any) -> None:
    response = api_admin.post("/api/v1/scim/tokens", {"name": "   "})
    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["field"] == "name"


@pytest.mark.parametrize("who", ["api_anonymous", "api_employee", "api_leader"])
def test_only_org_admins_manage_provisioning_tokens(who: str, request: Any) -> None:
    client = request.getfixturevalue(who)
    expected = 401 if who == "api_anonymous" else 403
    assert client.get("/api/v1/scim/tokens").status_code == expected
    assert client.post("/api/v1/scim/tokens", {"name": "x"}).status_code == expected
    assert client.delete("/api/v1/scim/tokens/1").status_code == expected
    assert ScimToken.objects.count() == 0
