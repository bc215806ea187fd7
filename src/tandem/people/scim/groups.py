"""SCIM Groups: directory groups whose members are provisioned people.

A program can be open to named groups only (``Program.eligibility["groups"]``), so an
identity provider's group ("Mentoring pilot — EMEA") decides who may enrol."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from scim2_models import Context, Group, ResponseParameters

from tandem.core.audit import record_audit

from ..models import DirectoryGroup, Person, ScimToken
from .discovery import GROUP_SCHEMA
from .mapping import user_location
from .protocol import ScimError
from .users import actor_label

GroupModel = Group
NAME_REQUIRED = "displayName is required."
NAME_TAKEN = "displayName: a group named “{value}” already exists ({id})."
UNKNOWN_MEMBERS = "members: no provisioned user with id {ids}."
TOO_LONG = "displayName: at most 200 characters."


def groups_queryset(with_members: bool = True) -> QuerySet[DirectoryGroup]:
    groups = DirectoryGroup.objects.order_by("pk")
    if with_members:
        groups = groups.prefetch_related(
            Prefetch("members", queryset=Person.objects.only("pk", "full_name").order_by("pk"))
        )
    return groups


def group_location(base_url: str, group_id: int) -> str:
    return f"{base_url}/Groups/{group_id}"


def document(group: DirectoryGroup, base_url: str, with_members: bool = True) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schemas": [GROUP_SCHEMA],
        "id": str(group.pk),
        "displayName": group.display_name,
        "meta": {
            "resourceType": "Group",
            "created": group.created_at.isoformat(),
            "lastModified": group.updated_at.isoformat(),
            "location": group_location(base_url, group.pk),
        },
    }
    if group.external_id:
        doc["externalId"] = group.external_id
    if with_members:
        members = [
            {
                "value": str(p.pk),
                "$ref": user_location(base_url, p.pk),
                "type": "User",
            }
            for p in group.members.all()
        ]
        if members:
            doc["members"] = members
    return doc


def render(doc: dict[str, Any], params: ResponseParameters[Any] | None) -> dict[str, Any]:
    model = GroupModel.model_validate(doc, scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return model.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=params)


def parameters(attributes: str = "", excluded: str = "") -> ResponseParameters[Any] | None:
    if not attributes and not excluded:
        return None
    try:
        return ResponseParameters[GroupModel](
            attributes=attributes or None, excluded_attributes=excluded or None
        )
    except ValueError as exc:
        raise ScimError(400, f"attributes: {exc}", "invalidValue") from exc


def _member_ids(group: Any) -> list[int]:
    values = [str(m.value or "").strip() for m in group.members or []]
    bad = [v for v in values if not v.isdigit() or len(v) > 18]
    ids = sorted({int(v) for v in values if v not in bad})
    found = set(Person.objects.filter(pk__in=ids, scim__isnull=False).values_list("pk", flat=True))
    missing = bad + [str(i) for i in ids if i not in found]
    if missing:
        raise ScimError(400, UNKNOWN_MEMBERS.format(ids=", ".join(missing[:5])), "invalidValue")
    return ids


def _apply(row: DirectoryGroup, group: Any) -> list[int]:
    name = (group.display_name or "").strip()
    if not name:
        raise ScimError(400, NAME_REQUIRED, "invalidValue")
    if len(name) > 200:
        raise ScimError(400, TOO_LONG, "invalidValue")
    clash = DirectoryGroup.objects.filter(display_name__iexact=name).exclude(pk=row.pk).first()
    if clash is not None:
        raise ScimError(409, NAME_TAKEN.format(value=name, id=clash.pk), "uniqueness")
    ids = _member_ids(group)
    row.display_name = name
    row.external_id = (group.external_id or "").strip()[:200]
    row.save()
    row.members.set(ids)
    return ids


@transaction.atomic
def create_group(*, token: ScimToken, group: Any) -> DirectoryGroup:
    row = DirectoryGroup()
    ids = _apply(row, group)
    record_audit(
        actor=None,
        actor_label=actor_label(token),
        action="scim.group.create",
        target=row,
        after={"display_name": row.display_name, "members": len(ids)},
    )
    return row


@transaction.atomic
def replace_group(*, token: ScimToken, row: DirectoryGroup, group: Any) -> DirectoryGroup:
    before = {"display_name": row.display_name, "members": row.members.count()}
    ids = _apply(row, group)
    record_audit(
        actor=None,
        actor_label=actor_label(token),
        action="scim.group.update",
        target=row,
        before=before,
        after={"display_name": row.display_name, "members": len(ids)},
    )
    return row


@transaction.atomic
def patch_group(
    *, token: ScimToken, row: DirectoryGroup, patch: Any, base_url: str
) -> DirectoryGroup:
    current = GroupModel.model_validate(document(row, base_url))
    patch.patch(current)
    return replace_group(token=token, row=row, group=current)


@transaction.atomic
def delete_group(*, token: ScimToken, row: DirectoryGroup) -> None:
    record_audit(
        actor=None,
        actor_label=actor_label(token),
        action="scim.group.delete",
        target=row,
        before={"display_name": row.display_name},
    )
    row.delete()
