"""What Okta and Microsoft Entra really send, read into standard SCIM before validation.

- Entra writes the manager as a bare id: ``{"op": "Add", "path": "urn:…:enterprise:2.0:User:
  manager", "value": "42"}`` (RFC 7643 makes ``manager`` complex: ``{"value": "42"}``).
  A manager given by ``value`` alone (Entra, most HR-driven flows) gets the ``$ref`` that
  RFC 7643 §4.3 requires, pointing at that user here.
- Okta's group rename repeats the read-only ``id`` (and sometimes ``schemas``) in a
  path-less ``replace`` value.
- Entra's capitalised ``"Replace"``/``"Add"``, its string booleans (``"False"``), its
  ``remove`` carrying the members to remove in ``value``, and its ``replace`` of
  ``emails[type eq "work"].value`` when no work email exists yet are handled by the
  ``scim2-models`` policy below.
"""

from __future__ import annotations

from typing import Any

from scim2_models import ScimPolicy

POLICY = ScimPolicy(
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
_MANAGER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager"
_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"
_READ_ONLY = {"id", "schemas", "meta"}


def _manager_value(value: Any, base_url: str) -> Any:
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = {"value": str(value)}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        value = {**value, "$ref": f"{base_url}/Users/{value['value']}"}
    return value


def _normalise_enterprise(inner: dict[str, Any], base_url: str) -> dict[str, Any]:
    inner = dict(inner)
    for sub in list(inner):
        if sub.lower() == "manager":
            inner[sub] = _manager_value(inner[sub], base_url)
    return inner


def _normalise_value(value: Any, base_url: str) -> Any:
    if not isinstance(value, dict):
        return value
    value = {k: v for k, v in value.items() if k.lower() not in _READ_ONLY}
    for key in list(value):
        if key.lower() == _MANAGER:
            value[key] = _manager_value(value[key], base_url)
        elif key.lower() == _ENTERPRISE and isinstance(value[key], dict):
            value[key] = _normalise_enterprise(value[key], base_url)
    return value


def normalise_patch(body: Any, base_url: str) -> Any:
    """A PatchOp body with the vendor habits above rewritten into RFC 7644 form."""
    if not isinstance(body, dict):
        return body
    key = "Operations" if "Operations" in body else "operations"
    operations = body.get(key)
    if not isinstance(operations, list):
        return body
    fixed = []
    for operation in operations:
        if isinstance(operation, dict) and "value" in operation:
            operation = dict(operation)
            path = str(operation.get("path") or "").lower()
            if path == _MANAGER:
                operation["value"] = _manager_value(operation["value"], base_url)
            elif not path:
                operation["value"] = _normalise_value(operation["value"], base_url)
        fixed.append(operation)
    return {**body, key: fixed}


def normalise_resource(body: Any, base_url: str) -> Any:
    """A User body (POST/PUT) with a bare manager id wrapped."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    for key in list(body):
        if key.lower() == _ENTERPRISE and isinstance(body[key], dict):
            body[key] = _normalise_enterprise(body[key], base_url)
    return body
