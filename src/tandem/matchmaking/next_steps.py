"""The home page's "What to do now" in matching: requests waiting for a mentor's answer, and
completed runs waiting for their managers' review."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.engagement.timefmt import format_time
from tandem.programs.permissions import person_id_of
from tandem.web.home import NextStep

from .access import person_of
from .models import MatchRequest, MatchRun


def mentor_next_steps(request: Any) -> list[NextStep]:
    me = person_of(request.user)
    if me is None:
        return []
    waiting = list(
        MatchRequest.objects.filter(mentor__person=me, status=MatchRequest.Status.PENDING).order_by(
            "expires_at"
        )
    )
    if not waiting:
        return []
    count = len(waiting)
    noun = "request" if count == 1 else "requests"
    return [
        NextStep(
            title=f"{count} mentoring {noun} waiting for your answer",
            detail=f"Answer by {format_time(waiting[0].expires_at, me.time_zone, 'date')}.",
            url=reverse("matchmaking:inbox"),
            action="Answer",
            urgent=True,
            order=5,
        )
    ]


def manager_next_steps(request: Any) -> list[NextStep]:
    person_id = person_id_of(request.user)
    if person_id is None:
        return []
    runs = (
        MatchRun.objects.filter(program__managers=person_id, status=MatchRun.Status.COMPLETED)
        .select_related("program")
        .order_by("-finished_at")[:3]
    )
    steps = []
    for run in runs:
        matched = run.stats.get("matched")
        detail = (
            f"{matched} matched, {run.stats.get('unmatched', 0)} unmatched."
            if matched is not None
            else ""
        )
        steps.append(
            NextStep(
                title=f"Review match run #{run.pk} of {run.program.name}",
                detail=detail + " Publish it to create the relationships.",
                url=reverse("matchmaking:run", args=[run.pk]),
                action="Review",
                order=25,
            )
        )
    return steps
