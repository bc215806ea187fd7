"""What Okta and Microsoft Entra really send, read into standard SCIM before validation.

- Entra writes the manager as a bare id: ``{"op": "Add", "path": "urn:…:enterprise:2.0:User:
  manager", "value": "42"}`` (RFC 7643 makes ``manager`` complex: ``{"value": "42"}``).
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


def _manager_value(value: Any) -> Any:
    return (
        {"value": value} if isinstance(value, str | int) and not isinstance(value, bool) else value
    )


def _normalise_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    value = {k: v for k, v in value.items() if k.lower() not in _READ_ONLY}
    for key in list(value):
        if key.lower() == _MANAGER:
            value[key] = _manager_value(value[key])
        elif key.lower() == _ENTERPRISE and isinstance(value[key], dict):
            inner = value[key]
            for sub in list(inner):
                if sub.lower() == "manager":
                    inner[sub] = _manager_value(inner[sub])
    return value


def normalise_patch(body: Any) -> Any:
    """A PatchOp body with the vendor habits above rewritten into RFC 7644 form."""
    if not isinstance(body, dict):
        return body
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list):
        return body
    fixed = []
    for operation in operations:
        if isinstance(operation, dict):
            operation = dict(operation)
            path = str(operation.get("path") or "").lower()
            if path == _MANAGER and "value" in operation:
                operation["value"] = _manager_value(operation["value"])
            elif not path and "value" in operation:
                operation["value"] = _normalise_value(operation["value"])
        fixed.append(operation)
    key = "Operations" if "Operations" in body else "operations"
    return {**body, key: fixed}


def normalise_resource(body: Any) -> Any:
    """A User body (POST/PUT) with a bare manager id wrapped."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    for key in list(body):
        if key.lower() == _ENTERPRISE and isinstance(body[key], dict):
            inner = dict(body[key])
            for sub in list(inner):
                if sub.lower() == "manager":
                    inner[sub] = _manager_value(inner[sub])
            body[key] = inner
    return body
