"""The program manager's home section, "Your programs at a glance": per managed program the
applications waiting for a decision, the match runs ready to review, the relationships at
risk (the one definition, ``engagement.risk.live_bands``) and the response rates of its open
surveys. Counts only — nobody's answers. Reads only."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from tandem.engagement import risk
from tandem.matchmaking.models import MatchRun
from tandem.programs.models import Participant, Program
from tandem.programs.permissions import person_id_of
from tandem.relationships.models import Relationship
from tandem.surveys.selectors import open_survey_rates


def managed_programs(person_id: int) -> list[Program]:
    """The programs a person manages (not closed), with their waiting applications counted."""
    applied = Q(participants__status=Participant.Status.APPLIED)
    return list(
        Program.objects.filter(managers=person_id)
        .exclude(status=Program.Status.CLOSED)
        .annotate(waiting=Count("participants", filter=applied, distinct=True))
        .order_by("name", "pk")
    )


def _runs_to_review(program_ids: list[int]) -> dict[int, int]:
    rows = (
        MatchRun.objects.filter(program_id__in=program_ids, status=MatchRun.Status.COMPLETED)
        .values("program_id")
        .annotate(n=Count("pk"))
    )
    return {r["program_id"]: r["n"] for r in rows}


def _at_risk(program_ids: list[int]) -> dict[int, int]:
    counts = dict.fromkeys(program_ids, 0)
    bands = risk.live_bands(Relationship.objects.filter(program_id__in=program_ids))
    for program_id, band, _ in bands.values():
        if band == "at_risk":
            counts[program_id] += 1
    return counts


def programs_at_a_glance(person_id: int) -> list[dict[str, Any]]:
    """One row per managed program; a fixed number of queries plus one per open survey."""
    programs = managed_programs(person_id)
    ids = [p.pk for p in programs]
    runs, at_risk, surveys = _runs_to_review(ids), _at_risk(ids), open_survey_rates(ids)
    return [
        {
            "program": p,
            "applications": p.waiting,  # type: ignore[attr-defined]  # annotated
            "runs_to_review": runs.get(p.pk, 0),
            "at_risk": at_risk[p.pk],
            "surveys": surveys[p.pk],
        }
        for p in programs
    ]


def manager_home_section(request: Any) -> dict[str, Any] | None:
    """Shown to anyone who manages a program that is not closed; hidden for everyone else."""
    person_id = person_id_of(request.user)
    if person_id is None:
        return None
    rows = programs_at_a_glance(person_id)
    return {"rows": rows} if rows else None
