"""The audit log page in words: object names with links, field labels, actions as sentences,
times in the viewer's zone."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from tandem.core.audit import AUDIT_TARGETS
from tandem.core.models import AuditLog

_VERBS = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "start": "started",
    "publish": "published",
    "status": "status changed",
    "roles": "roles changed",
    "clone": "cloned",
    "import": "imported",
    "deactivate": "deactivated",
    "rematch": "rematched",
    "nudge": "nudged",
}


@dataclass
class DiffRow:
    field: str
    label: str
    before: str
    after: str
    kind: str  # added / removed / changed / same


@dataclass
class Entry:
    entry: AuditLog
    when: str
    sentence: str
    type_label: str
    name: str
    url: str
    rows: list[DiffRow] = field(default_factory=list)
    summary: str = ""


def action_sentence(action: str) -> str:
    """``program.status`` → "Program status changed"; ``match_run.start`` → "Match run started"."""
    noun, _, verb = action.partition(".")
    noun = noun.replace("_", " ").capitalize()
    if not verb:
        return noun
    return f"{noun} {_VERBS.get(verb, verb.replace('_', ' ').replace('.', ' '))}"


def _model(target_type: str) -> Any:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def field_label(model: Any, name: str) -> str:
    if model is not None:
        try:
            verbose = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            verbose = None
        if verbose:
            return str(verbose).capitalize()
    base = name[:-3] if name.endswith("_id") else name
    return base.replace("_", " ").capitalize()


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value == "":
        return "(empty)"
    return str(value)


def diff_rows(entry: AuditLog, model: Any) -> list[DiffRow]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    rows = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after:
            kind = "changed" if before[key] != after[key] else "same"
        else:
            kind = "added" if key in after else "removed"
        rows.append(
            DiffRow(
                field=key,
                label=field_label(model, key),
                before=_show(before.get(key)) if key in before else "",
                after=_show(after.get(key)) if key in after else "",
                kind=kind,
            )
        )
    return rows


def _summary(entry: AuditLog, rows: list[DiffRow]) -> str:
    meaningful = [r for r in rows if r.field != "id"]
    labels = [r.label for r in meaningful if r.kind != "same"] or [r.label for r in meaningful]
    shown = ", ".join(labels[:3])
    more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
    verb = "Changed" if entry.before and entry.after else ("Set" if entry.after else "Removed")
    return f"{verb}: {shown}{more}"


def _names(entries: list[AuditLog]) -> dict[tuple[str, str], tuple[str, str]]:
    ids: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        if e.target_id and e.target_type in AUDIT_TARGETS:
            ids[e.target_type].append(e.target_id)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for target_type, wanted in ids.items():
        for target_id, named in AUDIT_TARGETS[target_type].describe(wanted).items():
            found[(target_type, str(target_id))] = named
    return found


def describe_entries(entries: list[AuditLog], zone: str | None) -> list[Entry]:
    names = _names(entries)
    try:
        tz: dt.tzinfo = zoneinfo.ZoneInfo(zone) if zone else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    out = []
    for e in entries:
        model = _model(e.target_type)
        name, url = names.get((e.target_type, e.target_id), (e.target_repr or "—", ""))
        rows = diff_rows(e, model)
        local = e.at.astimezone(tz)
        out.append(
            Entry(
                entry=e,
                when=f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip(),
                sentence=action_sentence(e.action),
                type_label=str(model._meta.verbose_name).capitalize() if model else e.target_type,
                name=name,
                url=url,
                rows=rows,
                summary=_summary(e, rows) if rows else "",
            )
        )
    return out
