"""Goals and milestones: due soon, and overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from tandem.relationships.models import Goal, Milestone, Relationship

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register

OPEN_GOAL = (Goal.Status.DRAFT, Goal.Status.ACTIVE)


def _targets(
    run: Run, enabled: dict[int, int | None], lo: dt.date, hi: dt.date
) -> tuple[Any, Any, Any]:
    scope = {
        "relationship__status": Relationship.Status.ACTIVE,
        "relationship__program_id__in": list(enabled),
    }
    goals = Goal.objects.filter(status__in=OPEN_GOAL, due_on__gte=lo, due_on__lte=hi, **scope)
    milestones = Milestone.objects.filter(
        completed_at__isnull=True,
        due_on__gte=lo,
        due_on__lte=hi,
        goal__status__in=OPEN_GOAL,
        **{f"goal__{k}": v for k, v in scope.items()},
    ).select_related("goal")
    members = data.members_of(
        Relationship.objects.filter(status=Relationship.Status.ACTIVE, program_id__in=list(enabled))
    )
    return (
        goals.select_related("relationship"),
        milestones.select_related("goal__relationship"),
        members,
    )


@register
class GoalDueSoon(NudgeRule):
    key = "goal_due_soon"
    label = "Goal or milestone due soon"
    description = "N days before a goal or milestone is due, the members are reminded."
    default_days = 7
    days_label = "days before the due date"
    order = 50

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        longest = max([d or 0 for d in enabled.values()] or [0])
        goals, milestones, members = _targets(
            run, enabled, run.as_of, run.as_of + dt.timedelta(days=longest)
        )
        for item, relationship, kind in [
            *((g, g.relationship, "goal") for g in goals),
            *((m, m.goal.relationship, "milestone") for m in milestones),
        ]:
            days = enabled[relationship.program_id] or 0
            if item.due_on > run.as_of + dt.timedelta(days=days):
                continue
            left = (item.due_on - run.as_of).days
            when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
            goal = item if kind == "goal" else item.goal
            yield Due(
                subject_type=data.GOAL if kind == "goal" else data.MILESTONE,
                subject_id=item.pk,
                occurrence=f"soon:{item.due_on.isoformat()}",
                program_id=relationship.program_id,
                recipients=data.people(members[relationship.pk]),
                title=f"{kind.title()} due {when}: {item.title}",
                body=f"“{item.title}” is due on {{due:date}}. Update its progress or talk it over "
                "at your next meeting.",
                url=reverse("relationships:goal", args=[goal.pk]),
                times={"due": item.due_on},
            )


@register
class GoalOverdue(NudgeRule):
    key = "goal_overdue"
    label = "Goal or milestone overdue"
    description = (
        "N days after a goal or milestone was due and is still open, the members are told."
    )
    default_days = 1
    days_label = "days after the due date"
    order = 60

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        shortest = min([d or 0 for d in enabled.values()] or [0])
        goals, milestones, members = _targets(
            run,
            enabled,
            run.as_of - dt.timedelta(days=365),
            run.as_of - dt.timedelta(days=shortest),
        )
        for item, relationship, kind in [
            *((g, g.relationship, "goal") for g in goals),
            *((m, m.goal.relationship, "milestone") for m in milestones),
        ]:
            days = enabled[relationship.program_id] or 0
            if item.due_on > run.as_of - dt.timedelta(days=days):
                continue
            goal = item if kind == "goal" else item.goal
            yield Due(
                subject_type=data.GOAL if kind == "goal" else data.MILESTONE,
                subject_id=item.pk,
                occurrence=f"overdue:{item.due_on.isoformat()}",
                program_id=relationship.program_id,
                recipients=data.people(members[relationship.pk]),
                title=f"{kind.title()} overdue: {item.title}",
                body=f"“{item.title}” was due on {{due:date}}. Mark it done, move the date, or "
                "drop it — an honest plan beats a stale one.",
                url=reverse("relationships:goal", args=[goal.pk]),
                times={"due": item.due_on},
            )
