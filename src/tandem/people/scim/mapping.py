"""A person as a SCIM User (core + enterprise extension), and a SCIM User as directory fields.

What the directory holds (name, email, title, department, employee id, manager, time zone,
status) is always read from the ``Person``; ``ScimAccount.attributes`` keeps the rest of
what Tandem publishes (name parts, every email, the manager reference as sent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scim2_models import Context, EnterpriseUser, ResponseParameters, User

from ..models import Person, ScimAccount, available_time_zones
from .discovery import ENTERPRISE_SCHEMA, USER_SCHEMA
from .protocol import ScimError

UserModel = User[EnterpriseUser]
SENT = "sent"  # the simple attributes the identity provider manages (rendered back)
EMAIL_REQUIRED = "emails: a user needs an email address (Tandem's directory is keyed on it)."
BAD_TIME_ZONE = "timezone: “{value}” is not an IANA time zone (e.g. Europe/London)."
TOO_LONG = "{attribute}: at most {limit} characters."
LIMITS = {"title": 200, "department": 120, "employeeNumber": 64, "displayName": 200}


@dataclass
class Incoming:
    """The directory fields a SCIM User carries."""

    user_name: str
    external_id: str
    full_name: str
    email: str
    title: str
    department: str
    employee_id: str | None
    time_zone: str | None
    active: bool | None
    manager_ref: str | None
    manager_set: bool
    attributes: dict[str, Any] = field(default_factory=dict)


def _primary_email(emails: list[Any]) -> str:
    values = [e for e in emails if getattr(e, "value", None)]
    for pick in (
        [e for e in values if e.primary],
        [e for e in values if str(e.type or "").lower() == "work"],
        values,
    ):
        if pick:
            return str(pick[0].value).strip().lower()
    return ""


def _check_length(attribute: str, value: str) -> str:
    limit = LIMITS[attribute]
    if len(value) > limit:
        raise ScimError(400, TOO_LONG.format(attribute=attribute, limit=limit), "invalidValue")
    return value


def _full_name(user: Any) -> str:
    name = user.name
    parts = [name.given_name, name.family_name] if name else []
    candidates = [
        user.display_name,
        name.formatted if name else None,
        " ".join(filter(None, parts)),
    ]
    return next((c.strip() for c in candidates if c and c.strip()), user.user_name or "")


def extract(user: Any) -> Incoming:
    """Directory fields of a validated ``User[EnterpriseUser]``; ScimError naming a bad one."""
    email = _primary_email(user.emails or [])
    if not email:
        raise ScimError(400, EMAIL_REQUIRED, "invalidValue")
    enterprise = user[EnterpriseUser]
    manager = enterprise.manager if enterprise else None
    time_zone = (user.timezone or "").strip() or None
    if time_zone is not None and time_zone not in available_time_zones():
        raise ScimError(400, BAD_TIME_ZONE.format(value=time_zone), "invalidValue")
    attributes: dict[str, Any] = {}
    if user.name:
        attributes["name"] = user.name.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    attributes["emails"] = [
        e.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for e in user.emails or []
    ]
    manager_ref = None
    employee_number = (enterprise.employee_number or "").strip() if enterprise else ""
    attributes[SENT] = sorted(
        name
        for name, value in (
            ("displayName", user.display_name),
            ("timezone", time_zone),
            ("active", user.active is not None),
            ("employeeNumber", employee_number),
        )
        if value
    )
    if manager is not None:
        attributes["manager"] = {
            k: v
            for k, v in {
                "value": manager.value,
                "$ref": str(manager.ref) if manager.ref else None,
            }.items()
            if v is not None
        }
        manager_ref = manager.value or (
            str(manager.ref).rstrip("/").rsplit("/", 1)[-1] if manager.ref else None
        )
    return Incoming(
        user_name=(user.user_name or "").strip(),
        external_id=(user.external_id or "").strip(),
        full_name=_check_length("displayName", _full_name(user)),
        email=email,
        title=_check_length("title", (user.title or "").strip()),
        department=_check_length(
            "department", ((enterprise and enterprise.department) or "").strip()
        ),
        employee_id=_check_length("employeeNumber", employee_number) if employee_number else None,
        time_zone=time_zone,
        active=user.active,
        manager_ref=manager_ref,
        manager_set=manager is not None,
        attributes=attributes,
    )


def _emails(person: Person, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    emails = [dict(e) for e in stored if e.get("value")]
    if not emails:
        return [{"value": person.email, "type": "work", "primary": True}]
    if person.email not in {str(e["value"]).lower() for e in emails}:
        target = next((e for e in emails if e.get("primary")), emails[0])
        target["value"] = person.email
    return emails


def is_active(person: Person) -> bool:
    user = person.user
    return person.status != Person.Status.TERMINATED and (user is None or user.is_active)


def user_location(base_url: str, person_id: int) -> str:
    return f"{base_url}/Users/{person_id}"


def document(person: Person, account: ScimAccount, base_url: str) -> dict[str, Any]:
    """The SCIM User of a provisioned person (needs ``manager``, ``user`` and
    ``directory_groups`` loaded to avoid a query each)."""
    stored = account.attributes or {}
    sent = set(stored.get(SENT) or [])
    enterprise: dict[str, Any] = {"department": person.department or None}
    if "employeeNumber" in sent:
        enterprise["employeeNumber"] = person.employee_id
    if person.manager is not None:
        enterprise["manager"] = {
            "value": str(person.manager.pk),
            "$ref": user_location(base_url, person.manager.pk),
        }
    elif stored.get("manager"):
        enterprise["manager"] = stored["manager"]
    enterprise = {k: v for k, v in enterprise.items() if v is not None}
    doc: dict[str, Any] = {
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA] if enterprise else [USER_SCHEMA],
        "id": str(person.pk),
        "externalId": account.external_id or None,
        "userName": account.user_name,
        "name": stored.get("name") or None,
        "displayName": person.full_name if "displayName" in sent else None,
        "title": person.title or None,
        "timezone": person.time_zone if "timezone" in sent else None,
        "active": is_active(person) if "active" in sent else None,
        "emails": _emails(person, stored.get("emails") or []),
        "groups": [
            {"value": str(g.pk), "$ref": f"{base_url}/Groups/{g.pk}", "display": g.display_name}
            for g in person.directory_groups.all()
        ],
        ENTERPRISE_SCHEMA: enterprise,
        "meta": {
            "resourceType": "User",
            "created": person.created_at.isoformat(),
            "lastModified": max(person.updated_at, account.updated_at).isoformat(),
            "location": user_location(base_url, person.pk),
        },
    }
    return {k: v for k, v in doc.items() if v not in (None, [], {})}


def parameters(attributes: str = "", excluded: str = "") -> ResponseParameters[Any] | None:
    if not attributes and not excluded:
        return None
    try:
        return ResponseParameters[UserModel](
            attributes=attributes or None, excluded_attributes=excluded or None
        )
    except ValueError as exc:
        raise ScimError(400, f"attributes: {exc}", "invalidValue") from exc


def render(doc: dict[str, Any], params: ResponseParameters[Any] | None = None) -> dict[str, Any]:
    """``doc`` through scim2-models: validated, with ``attributes``/``excludedAttributes``."""
    model = UserModel.model_validate(doc, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return model.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=params)
