"""Curating the resource library: add, change, remove resources; count their use."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from tandem.core.audit import record_audit
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.permissions import is_org_admin
from tandem.people.models import Skill
from tandem.people.selectors import person_of
from tandem.programs.models import Program
from tandem.programs.selectors import managed_program_ids

from . import permissions
from .models import Resource
from .services import full_clean

CURATE_REFUSED = "Only org admins and program managers curate the library."
EDIT_REFUSED = "Only an org admin or the person who added it changes this resource."
NO_TITLE = "Give the resource a title."
NO_CONTENT = "Give a link or write the resource (Markdown)."
BAD_TAGS = "Tags are up to 10 short words or phrases."
BAD_WEEKS = "Weeks are curriculum week numbers from 1 to 104."
UNKNOWN_SKILLS = "No skill in the taxonomy has id {ids}."
UNKNOWN_PROGRAMS = "No program has id {ids}."
NOT_YOUR_PROGRAM = "You can attach resources to the programs you manage only."
FIELDS = ("title", "kind", "author", "url", "body_markdown")


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > 10:
        raise DomainError(BAD_TAGS, field="tags")
    tags = []
    for tag in value:
        if not isinstance(tag, str) or not tag.strip() or len(tag) > 40:
            raise DomainError(BAD_TAGS, field="tags")
        tags.append(tag.strip().lower())
    return list(dict.fromkeys(tags))


def _weeks(value: Any) -> list[int]:
    ok = isinstance(value, list) and all(
        isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= 104 for w in value
    )
    if not ok:
        raise DomainError(BAD_WEEKS, field="weeks")
    return sorted(set(value))


def _skills(ids: list[int]) -> list[Skill]:
    found = list(Skill.objects.filter(pk__in=ids))
    missing = set(ids) - {s.pk for s in found}
    if missing:
        raise DomainError(
            UNKNOWN_SKILLS.format(ids=", ".join(map(str, sorted(missing)))), field="skill_ids"
        )
    return found


def _programs(actor: Any, ids: list[int]) -> list[Program]:
    found = list(Program.objects.filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in found}
    if missing:
        raise DomainError(
            UNKNOWN_PROGRAMS.format(ids=", ".join(map(str, sorted(missing)))), field="program_ids"
        )
    if not is_org_admin(actor) and set(ids) - set(managed_program_ids(actor)):
        raise NotAllowed(NOT_YOUR_PROGRAM)
    return found


def _apply(actor: Any, resource: Resource, data: dict[str, Any]) -> tuple[Any, Any]:
    for field in FIELDS:
        if data.get(field) is not None:
            setattr(resource, field, str(data[field]).strip())
    if data.get("tags") is not None:
        resource.tags = _tags(data["tags"])
    if data.get("weeks") is not None:
        resource.weeks = _weeks(data["weeks"])
    if not resource.title:
        raise DomainError(NO_TITLE, field="title")
    if not resource.url and not resource.body_markdown:
        raise DomainError(NO_CONTENT, field="url")
    skills = _skills(data["skill_ids"]) if data.get("skill_ids") is not None else None
    programs = (
        _programs(actor, data["program_ids"]) if data.get("program_ids") is not None else None
    )
    full_clean(resource, exclude=["created_by"])
    return skills, programs


def _save(resource: Resource, skills: Any, programs: Any) -> None:
    resource.save()
    if skills is not None:
        resource.skills.set(skills)
    if programs is not None:
        resource.programs.set(programs)


@transaction.atomic
def create_resource(*, actor: Any, data: dict[str, Any]) -> Resource:
    if not permissions.can_curate_resources(actor):
        raise NotAllowed(CURATE_REFUSED)
    resource = Resource(created_by=person_of(actor))
    _save(resource, *_apply(actor, resource, data))
    record_audit(
        actor=actor, action="resource.create", target=resource, after={"title": resource.title}
    )
    return resource


@transaction.atomic
def update_resource(*, actor: Any, resource: Resource, data: dict[str, Any]) -> Resource:
    if not permissions.can_edit_resource(actor, resource):
        raise NotAllowed(EDIT_REFUSED)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    _save(resource, *_apply(actor, resource, data))
    record_audit(
        actor=actor, action="resource.update", target=resource, after={"title": resource.title}
    )
    return resource


@transaction.atomic
def delete_resource(*, actor: Any, resource: Resource) -> None:
    if not permissions.can_edit_resource(actor, resource):
        raise NotAllowed(EDIT_REFUSED)
    record_audit(
        actor=actor, action="resource.delete", target=resource, before={"title": resource.title}
    )
    resource.delete()


def record_use(resource: Resource) -> None:
    """One more use (opened); a single UPDATE, safe under concurrent readers."""
    Resource.objects.filter(pk=resource.pk).update(uses=F("uses") + 1)
