"""Bad input gets the protocol's own error (a SCIM Error body, never HTML), is written to
the audit log, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.core.models import AuditLog
from tandem.people.models import Person, ScimAccount
from tandem.people.scim.tokens import create_scim_token, revoke_scim_token
from tests.people.scim.conftest import ScimClient, user_body

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _error(response: Any, status: int, scim_type: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    return body


def _refusals() -> int:
    return AuditLog.objects.filter(action="scim.refused").count()


def test_a_request_without_a_token_is_a_401_scim_error(db: Any) -> None:
    response = ScimClient(None).get("Users")
    _error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_and_the_refusal_is_audited(admin_person: Any) -> None:
    token, clear = create_scim_token(actor=admin_person.user, name="Entra")
    revoke_scim_token(actor=admin_person.user, token_id=token.pk)
    response = ScimClient(clear).post("Users", user_body("ann@example.com"))
    body = _error(response, 401)
    assert "revoked" in body["detail"]
    assert not Person.objects.filter(email="ann@example.com").exists()
    entry = AuditLog.objects.get(action="scim.refused")
    assert entry.actor_email == "scim:Entra"
    assert entry.after["status"] == 401


def test_an_api_token_is_not_a_provisioning_token(api_admin: Any) -> None:
    header = api_admin.headers["HTTP_AUTHORIZATION"].split(" ", 1)[1]
    _error(ScimClient(header).get("Users"), 401)


def test_an_unknown_schema_is_refused_and_nothing_is_written(scim: Any) -> None:
    body = user_body("ann@example.com")
    body["schemas"].append("urn:example:params:scim:schemas:extension:acme:2.0:User")
    error = _error(scim.post("Users", body), 400, "invalidSyntax")
    assert "urn:example" in error["detail"]
    assert ScimAccount.objects.count() == 0
    assert _refusals() == 1


def test_a_duplicate_user_name_is_a_409_uniqueness(scim: Any) -> None:
    assert scim.post("Users", user_body("ann@example.com")).status_code == 201
    again = user_body("ANN@example.com", email="other@example.com")
    error = _error(scim.post("Users", again), 409, "uniqueness")
    assert "userName" in error["detail"]
    assert ScimAccount.objects.count() == 1
    assert _refusals() == 1


def test_an_email_of_another_provisioned_user_is_a_409(scim: Any) -> None:
    scim.post("Users", user_body("ann@example.com"))
    clash = user_body("ann2", email="ann@example.com")
    _error(scim.post("Users", clash), 409, "uniqueness")


@pytest.mark.parametrize(
    "expression",
    ['userName eq "unclosed', "userName zz 3", '(userName eq "a"', 'name.givenName eq "x"'],
)
def test_a_filter_that_does_not_parse_or_cannot_be_run_is_400_invalid_filter(
    scim: Any, expression: str
) -> None:
    _error(scim.get("Users", data={"filter": expression}), 400, "invalidFilter")


def test_a_user_without_an_email_is_refused_naming_the_attribute(scim: Any) -> None:
    body = user_body("ann@example.com")
    del body["emails"]
    error = _error(scim.post("Users", body), 400, "invalidValue")
    assert error["detail"].startswith("emails")


def test_a_bad_time_zone_is_refused_naming_it(scim: Any) -> None:
    error = _error(
        scim.post("Users", user_body("a@example.com", timezone="Mars/Base")), 400, "invalidValue"
    )
    assert "Mars/Base" in error["detail"]


def test_a_body_that_is_not_json_is_invalid_syntax(scim: Any) -> None:
    _error(scim.post("Users", "{not json"), 400, "invalidSyntax")


def test_a_patch_with_an_unknown_op_is_refused_and_changes_nothing(scim: Any) -> None:
    user_id = scim.post("Users", user_body("ann@example.com")).json()["id"]
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "merge", "path": "title", "value": "Boss"}],
    }
    _error(scim.patch(f"Users/{user_id}", patch), 400, "invalidValue")
    assert Person.objects.get(pk=user_id).title == ""


def test_a_patch_that_fails_halfway_writes_nothing(scim: Any) -> None:
    user_id = scim.post("Users", user_body("ann@example.com")).json()["id"]
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "path": "title", "value": "Boss"},
            {"op": "replace", "path": "timezone", "value": "Nowhere/Land"},
        ],
    }
    _error(scim.patch(f"Users/{user_id}", patch), 400, "invalidValue")
    assert Person.objects.get(pk=user_id).title == ""


def test_an_unknown_user_is_a_404_scim_error(scim: Any) -> None:
    _error(scim.get("Users/999999"), 404)
    _error(scim.get("Users/not-a-number"), 404)


def test_an_unknown_endpoint_is_a_scim_404_not_an_html_page(scim: Any) -> None:
    _error(scim.get("Nope"), 404)


def test_an_unsupported_method_is_a_405_scim_error(scim: Any) -> None:
    _error(scim.delete("Users"), 405)
