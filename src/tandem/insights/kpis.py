"""The program KPIs: a fixed number of aggregate queries per program, whatever its size.

Reads other apps' tables directly (read-only) — insights writes nothing.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from tandem.core import clock
from tandem.core.smallgroups import hidden_groups
from tandem.engagement import risk
from tandem.learning.models import TrainingProgress
from tandem.programs import selectors as program_selectors
from tandem.programs.models import Participant, Program
from tandem.relationships.models import Goal, Meeting, Pulse, Relationship, RelationshipMember
from tandem.surveys.models import Answer, Question

from . import statistics as stats

MIN_GROUP = 5
APPROVED = [Participant.Status.APPROVED, Participant.Status.MATCHED]
STARTED = [
    Relationship.Status.ACTIVE,
    Relationship.Status.PAUSED,
    Relationship.Status.COMPLETED,
    Relationship.Status.ENDED,
]


@dataclass(frozen=True)
class Filters:
    department: str = ""
    location: str = ""
    level: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def people_q(self, prefix: str) -> Q:
        q = Q()
        if self.department:
            q &= Q(**{f"{prefix}department": self.department})
        if self.location:
            q &= Q(**{f"{prefix}location": self.location})
        if self.level is not None:
            q &= Q(**{f"{prefix}job_level": self.level})
        return q

    @property
    def narrows_people(self) -> bool:
        return bool(self.department or self.location or self.level is not None)


def _participants(program: Program, f: Filters) -> QuerySet[Participant]:
    rows = Participant.objects.filter(program=program).filter(f.people_q("person__"))
    if f.date_from:
        rows = rows.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(created_at__date__lte=f.date_to)
    return rows


def _relationships(program: Program, f: Filters) -> QuerySet[Relationship]:
    rels = Relationship.objects.filter(program=program)
    if f.narrows_people:
        members = RelationshipMember.objects.filter(f.people_q("participant__person__"))
        rels = rels.filter(pk__in=members.values("relationship_id"))
    if f.date_from:
        rels = rels.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        rels = rels.filter(created_at__date__lte=f.date_to)
    return rels


def funnel(program: Program, f: Filters) -> dict[str, int]:
    parts = _participants(program, f)
    counts = parts.aggregate(
        applied=Count("pk"),
        approved=Count("pk", filter=Q(status__in=APPROVED)),
        matched=Count("pk", filter=Q(status=Participant.Status.MATCHED)),
    )
    audience = program_selectors.eligible_audience_query(program).filter(f.people_q(""))
    return {"eligible": audience.count() + counts["applied"], **counts}


def matching(program: Program, f: Filters) -> dict[str, Any]:
    mentees = _participants(program, f).filter(role__in=["mentee", "peer"], status__in=APPROVED)
    total = mentees.count()
    members = RelationshipMember.objects.filter(participant__in=mentees.values("pk")).values_list(
        "participant__created_at", "relationship__created_at"
    )
    waits = sorted({(a, b) for a, b in members}, key=lambda pair: pair[1])
    days = [(b - a).total_seconds() / 86400 for a, b in waits if b >= a]
    matched = mentees.filter(memberships__isnull=False).distinct().count()
    return {
        "match_rate": stats.rate(matched, total),
        "median_days_to_match": round(statistics.median(days), 1) if days else None,
    }


def meetings(program: Program, f: Filters) -> dict[str, Any]:
    today = clock.today()
    rels = list(
        _relationships(program, f)
        .filter(status__in=STARTED)
        .annotate(held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD)))
        .values("pk", "held", "started_on", "ended_on")
    )
    cadence = program.meeting_cadence_days or 14
    expected = []
    for r in rels:
        start = r["started_on"] or today
        end = min(r["ended_on"] or today, today)
        expected.append(max(0, (end - start).days) / cadence)
    held = [float(r["held"]) for r in rels]
    return {
        "relationships": len(rels),
        "held": stats.mean(held),
        "expected_per_relationship": round(sum(expected) / len(expected), 1) if expected else None,
        "cadence_days": cadence,
    }


def goals(program: Program, f: Filters) -> dict[str, Any]:
    rows = Goal.objects.filter(relationship__in=_relationships(program, f))
    counts = rows.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Goal.Status.ACHIEVED))
    )
    return stats.rate(counts["done"], counts["total"])


def training(program: Program, f: Filters) -> dict[str, Any]:
    required: dict[str, list[int]] = program.required_training or {}
    parts = list(
        _participants(program, f).filter(status__in=APPROVED).values_list("person_id", "role")
    )
    wanted = [(pid, mid) for pid, role in parts for mid in required.get(role, [])]
    if not wanted:
        return stats.rate(0, 0)
    done = set(
        TrainingProgress.objects.filter(
            person_id__in={p for p, _ in wanted},
            module_id__in={m for _, m in wanted},
            completed_at__isnull=False,
        ).values_list("person_id", "module_id")
    )
    return stats.rate(sum(1 for w in wanted if w in done), len(wanted))


def satisfaction(program: Program, f: Filters) -> dict[str, Any]:
    """Meeting pulses (1–5) and the NPS questions of the program's surveys; none below 5."""
    ratings = list(
        Pulse.objects.filter(meeting__relationship__in=_relationships(program, f)).values_list(
            "rating", flat=True
        )
    )
    scores = list(
        Answer.objects.filter(
            question__survey__program=program,
            question__kind=Question.Kind.NPS,
            number__isnull=False,
        ).values_list("number", flat=True)
    )
    likert = stats.mean([float(r) for r in ratings])
    promoter = stats.nps([s for s in scores if s is not None])
    return {
        "satisfaction": {**likert, "suppressed": 0 < likert["n"] < MIN_GROUP},
        "nps": {**promoter, "suppressed": 0 < promoter["n"] < MIN_GROUP},
    }


def health(program: Program, f: Filters) -> dict[str, Any]:
    """Health bands of the active relationships today: the one at-risk definition
    (``engagement.risk.live_bands``), the same as the program's at-risk list."""
    bands = risk.band_counts(_relationships(program, f))
    return {"health_distribution": bands, "at_risk": bands["at_risk"]}


def ended_early(program: Program, f: Filters) -> dict[str, Any]:
    reasons = Counter(
        (r or "No reason given").strip()[:80]
        for r in _relationships(program, f)
        .filter(status=Relationship.Status.ENDED)
        .values_list("end_reason", flat=True)
    )
    hidden = hidden_groups(reasons, MIN_GROUP)
    shown = [{"reason": k, "count": v} for k, v in reasons.most_common() if k not in hidden]
    other = sum(reasons[k] for k in hidden)
    if other:
        shown.append({"reason": "Other reasons (fewer than 5 each)", "count": other})
    return {"count": sum(reasons.values()), "reasons": shown}


def program_kpis(program: Program, f: Filters | None = None) -> dict[str, Any]:
    f = f or Filters()
    return {
        "program_id": program.pk,
        "program": program.name,
        "funnel": funnel(program, f),
        **matching(program, f),
        "meetings_per_relationship": meetings(program, f),
        "goal_completion": goals(program, f),
        "training_completion": training(program, f),
        **satisfaction(program, f),
        **health(program, f),
        "ended_early": ended_early(program, f),
    }
