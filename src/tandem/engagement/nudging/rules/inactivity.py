"""Inactivity closure (off by default): warn, then close with the reason "inactive"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.urls import reverse

from tandem.engagement.models import NudgeLog
from tandem.relationships.models import Goal, Meeting, Note, Pulse, Relationship

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register

NOTICE_DAYS = 14  # the warning comes this many days before the closure, at the latest
REASON = "inactive"


def _latest(model: type, path: str, field: str, scope: object) -> dict[int, dt.date]:
    rows = (
        model.objects.filter(**{f"{path}__in": scope})  # type: ignore[attr-defined]
        .values(path)
        .annotate(last=Max(field))
        .values_list(path, "last")
    )
    return {
        pk: (last.date() if isinstance(last, dt.datetime) else last) for pk, last in rows if last
    }


def last_activity(relationships: object) -> dict[int, dt.date]:
    """The last day anything happened in each relationship (five grouped queries)."""
    scope = relationships.values("pk")  # type: ignore[attr-defined]
    found: dict[int, dt.date] = {}
    for model, path, field in (
        (Meeting, "relationship", "created_at"),
        (Meeting, "relationship", "starts_at"),
        (Goal, "relationship", "updated_at"),
        (Note, "relationship", "created_at"),
        (Pulse, "meeting__relationship", "created_at"),
    ):
        for pk, last in _latest(model, path, field, scope).items():
            found[pk] = max(found.get(pk, last), last)
    return found


@register
class InactivityClosure(NudgeRule):
    key = "inactivity_closure"
    label = "Inactivity closure"
    description = (
        "After N days with no activity (meetings, goals, notes, pulses) the members are "
        f"warned; {NOTICE_DAYS} days after the warning, if still nothing happened, the "
        "relationship is closed with the reason “inactive”. Off unless a program turns it on "
        "(Guider uses 90 days)."
    )
    default_enabled = False
    default_days = 90
    days_label = "days without activity"
    order = 120

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        active = Relationship.objects.filter(
            status=Relationship.Status.ACTIVE, program_id__in=list(enabled)
        )
        latest = last_activity(active)
        warned = {
            (pk, occurrence): as_of
            for pk, occurrence, as_of in NudgeLog.objects.filter(
                rule=self.key,
                subject_type=data.RELATIONSHIP,
                occurrence__startswith="warn:",
                subject_id__in=active.values("pk"),
            ).values_list("subject_id", "occurrence", "as_of")
        }
        members = data.members_of(active)
        for relationship in active.only("pk", "program_id", "started_on", "created_at"):
            days = enabled[relationship.program_id] or 90
            start = relationship.started_on or relationship.created_at.date()
            since = max(latest.get(relationship.pk, start), start)
            idle = (run.as_of - since).days
            if idle < max(1, days - NOTICE_DAYS):
                continue
            people = data.people(members[relationship.pk])
            warning = f"warn:{since.isoformat()}"
            warned_on = warned.get((relationship.pk, warning))
            program = run.programs[relationship.program_id]
            if warned_on is None:
                yield Due(
                    subject_type=data.RELATIONSHIP,
                    subject_id=relationship.pk,
                    occurrence=warning,
                    program_id=relationship.program_id,
                    recipients=people,
                    title=f"Your mentoring in {program.name} will close for inactivity",
                    body=f"Nothing has happened since {{since:date}} ({idle} days). Unless you "
                    f"meet or update a goal within {NOTICE_DAYS} days, the relationship closes "
                    "with the reason “inactive”.",
                    url=reverse("relationships:detail", args=[relationship.pk]),
                    times={"since": since},
                )
            elif idle >= days and (run.as_of - warned_on).days >= NOTICE_DAYS:
                yield self._closure(relationship, people, since, program.name)

    def _closure(
        self, relationship: Relationship, people: list[Any], since: dt.date, name: str
    ) -> Due:
        from tandem.relationships.services import end_relationship

        def close() -> bool:
            fresh = Relationship.objects.select_related("program").get(pk=relationship.pk)
            if fresh.is_closed:
                return False
            end_relationship(relationship=fresh, actor=None, reason=REASON, check_permission=False)
            return True

        return Due(
            subject_type=data.RELATIONSHIP,
            subject_id=relationship.pk,
            occurrence=f"close:{since.isoformat()}",
            program_id=relationship.program_id,
            recipients=people,
            title=f"Your mentoring in {name} was closed for inactivity",
            body="Nothing happened after the warning. If you want to keep mentoring, ask your "
            "program manager for a new match.",
            url=reverse("relationships:detail", args=[relationship.pk]),
            act=close,
        )
