"""The relationship health score: a 0–100 signal of how alive a relationship is.

    health = meetings (0–50) + pulses (0–25) + goals (0–25)

* **meetings** — held meetings against the program's cadence since the start
  (``held / expected``, capped at 1), halved when the last held meeting is older than twice
  the cadence. In the first cadence period a scheduled or held meeting counts as on track.
* **pulses** — the average rating mapped 1→0 … 5→25; 15 (neutral) before any pulse; minus
  5 for each "not a good fit" answer.
* **goals** — 0 without a goal once the first cadence period is over (10 before), else
  5 + 20 × the average progress of goals that are not dropped.

Closed relationships keep the health they had when they closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Q

from tandem.core import clock

from .models import Goal, Meeting, Pulse, Relationship

MEETINGS_MAX, PULSES_MAX, GOALS_MAX = 50, 25, 25


@dataclass(frozen=True)
class HealthInputs:
    days_active: int
    cadence_days: int
    meetings_held: int
    meetings_scheduled: int
    days_since_last_held: int | None
    average_rating: float | None
    poor_fit_answers: int
    goal_progress: list[int]


def score(inputs: HealthInputs) -> int:
    """Pure scoring of the inputs (documented above); always within 0..100."""
    cadence = max(1, inputs.cadence_days)
    expected = inputs.days_active / cadence
    if expected < 1:
        ratio = 1.0 if inputs.meetings_held or inputs.meetings_scheduled else 0.6
    else:
        ratio = min(1.0, inputs.meetings_held / expected)
    since = inputs.days_since_last_held
    stale = (since is None and expected >= 2) or (since is not None and since > 2 * cadence)
    meetings = MEETINGS_MAX * ratio * (0.5 if stale else 1.0)
    rating = inputs.average_rating
    pulses = 15.0 if rating is None else PULSES_MAX * (rating - 1) / 4
    pulses = max(0.0, pulses - 5 * inputs.poor_fit_answers)
    if inputs.goal_progress:
        goals = 5 + 20 * sum(inputs.goal_progress) / (100 * len(inputs.goal_progress))
    else:
        goals = 10.0 if expected < 1 else 0.0
    return max(0, min(100, round(meetings + pulses + goals)))


def gather(relationship: Relationship, today: dt.date | None = None) -> HealthInputs:
    """The inputs of one relationship, in three queries."""
    today = today or clock.today()
    start = relationship.started_on or relationship.created_at.date()
    meetings = Meeting.objects.filter(relationship=relationship).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        scheduled=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
        last=Max("starts_at", filter=Q(status=Meeting.Status.HELD)),
    )
    pulses = Pulse.objects.filter(meeting__relationship=relationship).aggregate(
        avg=Avg("rating"), poor=Count("pk", filter=Q(good_fit=False))
    )
    progress = list(
        Goal.objects.filter(relationship=relationship)
        .exclude(status=Goal.Status.DROPPED)
        .values_list("progress", flat=True)
    )
    last = meetings["last"]
    return HealthInputs(
        days_active=max(0, (today - start).days),
        cadence_days=relationship.program.meeting_cadence_days,
        meetings_held=meetings["held"],
        meetings_scheduled=meetings["scheduled"],
        days_since_last_held=(today - last.date()).days if last else None,
        average_rating=float(pulses["avg"]) if pulses["avg"] is not None else None,
        poor_fit_answers=pulses["poor"],
        goal_progress=[int(p) for p in progress],
    )


def refresh_health(relationship: Relationship, today: dt.date | None = None) -> int | None:
    """Recompute and store ``relationship.health`` (closed relationships keep theirs)."""
    if relationship.is_closed:
        return relationship.health
    value = score(gather(relationship, today))
    if value != relationship.health:
        relationship.health = value
        Relationship.objects.filter(pk=relationship.pk).update(health=value)
    return value
