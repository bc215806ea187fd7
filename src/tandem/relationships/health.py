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

``components`` breaks a score into these three parts (for the at-risk list and the pair's
page), ``signals`` names what is wrong, and ``band`` turns a score into healthy / watch /
at risk with the program's thresholds. ``gather_many`` reads the inputs of any number of
relationships in four queries; the nightly refresh and the nudge evaluation use it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet

from tandem.core import clock

from .models import Goal, Meeting, Pulse, Relationship

MEETINGS_MAX, PULSES_MAX, GOALS_MAX = 50, 25, 25
WATCH_BELOW, AT_RISK_BELOW = 70, 40  # default band thresholds; programs may set their own
HEALTHY, WATCH, AT_RISK = "healthy", "watch", "at_risk"


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


def _expected(inputs: HealthInputs) -> float:
    return inputs.days_active / max(1, inputs.cadence_days)


def _stale(inputs: HealthInputs) -> bool:
    since, expected = inputs.days_since_last_held, _expected(inputs)
    cadence = max(1, inputs.cadence_days)
    return (since is None and expected >= 2) or (since is not None and since > 2 * cadence)


def _parts(inputs: HealthInputs) -> tuple[float, float, float]:
    expected = _expected(inputs)
    if expected < 1:
        ratio = 1.0 if inputs.meetings_held or inputs.meetings_scheduled else 0.6
    else:
        ratio = min(1.0, inputs.meetings_held / expected)
    meetings = MEETINGS_MAX * ratio * (0.5 if _stale(inputs) else 1.0)
    rating = inputs.average_rating
    pulses = 15.0 if rating is None else PULSES_MAX * (rating - 1) / 4
    pulses = max(0.0, pulses - 5 * inputs.poor_fit_answers)
    if inputs.goal_progress:
        goals = 5 + 20 * sum(inputs.goal_progress) / (100 * len(inputs.goal_progress))
    else:
        goals = 10.0 if expected < 1 else 0.0
    return meetings, pulses, goals


def score(inputs: HealthInputs) -> int:
    """Pure scoring of the inputs (documented above); always within 0..100."""
    return max(0, min(100, round(sum(_parts(inputs)))))


def band(
    value: int | None, *, watch_below: int = WATCH_BELOW, at_risk_below: int = AT_RISK_BELOW
) -> str:
    """healthy / watch / at_risk for a score (no score yet counts as healthy)."""
    if value is None or value >= watch_below:
        return HEALTHY
    return WATCH if value >= at_risk_below else AT_RISK


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    points: int
    max_points: int
    detail: str


@dataclass(frozen=True)
class Signal:
    signal: str
    value: float | None
    detail: str


def _meetings_detail(inputs: HealthInputs) -> str:
    expected = int(_expected(inputs))
    held = inputs.meetings_held
    cadence = f"one every {inputs.cadence_days} days"
    if expected < 1:
        return f"{held} held, {inputs.meetings_scheduled} scheduled (first period; {cadence})"
    return f"{held} of {expected} expected meetings held ({cadence})"


def _last_detail(inputs: HealthInputs) -> str:
    since = inputs.days_since_last_held
    return "No meeting held yet" if since is None else f"Last meeting held {since} days ago"


def components(inputs: HealthInputs) -> list[Component]:
    """The score in its parts: meetings against the cadence (with the last meeting), pulses
    (with "not a good fit" answers) and goal progress."""
    meetings, pulses, goals = _parts(inputs)
    rating = inputs.average_rating
    pulse_detail = "No pulse yet" if rating is None else f"Average pulse {rating:.1f} of 5"
    if inputs.poor_fit_answers:
        pulse_detail += f"; {inputs.poor_fit_answers} “not a good fit”"
    progress = inputs.goal_progress
    goal_detail = (
        f"{len(progress)} goal(s), {round(sum(progress) / len(progress))}% done on average"
        if progress
        else "No goal set"
    )
    return [
        Component(
            "meetings",
            "Meetings vs cadence",
            round(meetings),
            MEETINGS_MAX,
            f"{_meetings_detail(inputs)}. {_last_detail(inputs)}.",
        ),
        Component("pulses", "Pulses", round(pulses), PULSES_MAX, pulse_detail),
        Component("goals", "Goal progress", round(goals), GOALS_MAX, goal_detail),
    ]


def signals(inputs: HealthInputs) -> list[Signal]:
    """What is going wrong, each with its value: the reasons a relationship is on the list."""
    found = []
    expected = _expected(inputs)
    if expected >= 1 and inputs.meetings_held / expected < 0.75:
        ratio = round(inputs.meetings_held / expected, 2)
        found.append(Signal("meetings_vs_cadence", ratio, _meetings_detail(inputs)))
    if _stale(inputs):
        since = inputs.days_since_last_held
        found.append(Signal("last_meeting", since, _last_detail(inputs)))
    rating = inputs.average_rating
    if rating is not None and rating < 3:
        found.append(Signal("pulses", round(rating, 2), f"Average pulse {rating:.1f} of 5"))
    if inputs.poor_fit_answers:
        count = inputs.poor_fit_answers
        found.append(Signal("not_a_good_fit", count, f"{count} “not a good fit” answer(s)"))
    progress = inputs.goal_progress
    if not progress and expected >= 1:
        found.append(Signal("goal_progress", 0, "No goal set"))
    elif progress and expected >= 2 and sum(progress) / len(progress) < 25:
        average = round(sum(progress) / len(progress))
        found.append(Signal("goal_progress", average, f"Goals {average}% done on average"))
    return found


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


def gather_many(
    relationships: QuerySet[Relationship], today: dt.date | None = None
) -> dict[int, HealthInputs]:
    """The inputs of every relationship in ``relationships``, in four queries whatever
    their number (the queryset is used as a subquery, never as a list of ids)."""
    today = today or clock.today()
    rows = list(
        relationships.values("pk", "started_on", "created_at", "program__meeting_cadence_days")
    )
    meetings = {
        m["relationship_id"]: m
        for m in Meeting.objects.filter(relationship__in=relationships.values("pk"))
        .values("relationship_id")
        .annotate(
            held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
            scheduled=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)),
            last=Max("starts_at", filter=Q(status=Meeting.Status.HELD)),
        )
    }
    pulses = {
        p["meeting__relationship_id"]: p
        for p in Pulse.objects.filter(meeting__relationship__in=relationships.values("pk"))
        .values("meeting__relationship_id")
        .annotate(avg=Avg("rating"), poor=Count("pk", filter=Q(good_fit=False)))
    }
    progress: dict[int, list[int]] = defaultdict(list)
    goals = (
        Goal.objects.filter(relationship__in=relationships.values("pk"))
        .exclude(status=Goal.Status.DROPPED)
        .values_list("relationship_id", "progress")
    )
    for relationship_id, value in goals:
        progress[relationship_id].append(int(value))
    return {row["pk"]: _inputs(row, meetings, pulses, progress, today) for row in rows}


def _inputs(
    row: Mapping[str, Any],
    meetings: dict[int, dict[str, Any]],
    pulses: dict[int, dict[str, Any]],
    progress: dict[int, list[int]],
    today: dt.date,
) -> HealthInputs:
    start = row["started_on"] or row["created_at"].date()
    m = meetings.get(row["pk"], {})
    p = pulses.get(row["pk"], {})
    last = m.get("last")
    return HealthInputs(
        days_active=max(0, (today - start).days),
        cadence_days=row["program__meeting_cadence_days"],
        meetings_held=m.get("held", 0),
        meetings_scheduled=m.get("scheduled", 0),
        days_since_last_held=(today - last.date()).days if last else None,
        average_rating=float(p["avg"]) if p.get("avg") is not None else None,
        poor_fit_answers=p.get("poor", 0),
        goal_progress=progress.get(row["pk"], []),
    )


def refresh_many(
    relationships: QuerySet[Relationship], today: dt.date | None = None
) -> dict[int, int]:
    """Recompute and store the health of open relationships in bulk; returns id → score."""
    inputs = gather_many(relationships, today)
    scores = {pk: score(values) for pk, values in inputs.items()}
    current = dict(relationships.values_list("pk", "health"))
    changed = [
        Relationship(pk=pk, health=value)
        for pk, value in scores.items()
        if current.get(pk) != value
    ]
    Relationship.objects.bulk_update(changed, ["health"], batch_size=500)
    return scores


def refresh_health(relationship: Relationship, today: dt.date | None = None) -> int | None:
    """Recompute and store ``relationship.health`` (closed relationships keep theirs)."""
    if relationship.is_closed:
        return relationship.health
    value = score(gather(relationship, today))
    if value != relationship.health:
        relationship.health = value
        Relationship.objects.filter(pk=relationship.pk).update(health=value)
    return value
