"""The audit log service: every admin write records who, what, when, before/after."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from tandem.core.models import AuditLog


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-safe data (foreign keys as ids)."""
    names = (
        list(fields)
        if fields is not None
        else [f.attname for f in instance._meta.concrete_fields if f.attname != "password"]
    )
    return {name: _jsonable(getattr(instance, name)) for name in names}


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, so the log shows what really changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_audit(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    actor_label: str = "",
) -> AuditLog:
    """Write one audit entry. Call inside the service's transaction.

    ``actor_label`` names a non-person actor (e.g. ``scim:Okta``) when ``actor`` is None."""
    if target is not None:
        target_type = target_type or target._meta.label
        target_id = target_id or str(target.pk)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_email=getattr(actor, "email", "") if authenticated else actor_label[:254],
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_repr=str(target)[:200] if target is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


@dataclass(frozen=True)
class AuditTarget:
    """How the audit log page names and links an object type: ``describe(ids)`` returns, for
    the ids it knows, ``(name, url)`` (url may be empty). Apps register theirs in ``ready``::

        AUDIT_TARGETS["programs.Program"] = AuditTarget(describe_programs)
    """

    describe: Callable[[list[str]], Mapping[str, tuple[str, str]]]


AUDIT_TARGETS: dict[str, AuditTarget] = {}
