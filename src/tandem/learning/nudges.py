"""Nudge rules of the learning app (registered with the engagement app's registry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from tandem.engagement.nudging.registry import Due, NudgeRule, register
from tandem.programs.models import Participant, Program

from .gating import unmet_training

BEFORE_MATCHING = (Program.Status.ENROLLING, Program.Status.MATCHING)
WAITING = (Participant.Status.APPLIED, Participant.Status.APPROVED, Participant.Status.WAITLISTED)


@register
class TrainingNotDone(NudgeRule):
    key = "training_not_done"
    label = "Required training not done before the match date"
    description = (
        "N days before the program's match date, participants who have not completed the "
        "training the program requires of their role are reminded, once per match date."
    )
    audience = "the participant"
    default_days = 7
    days_label = "days before the match date"
    order = 105

    def due(self, run: Any) -> Iterator[Due]:
        enabled = run.enabled(self)
        soon = []
        for pk, days in enabled.items():
            program = run.programs[pk]
            day = program.matching_date
            if (
                program.status in BEFORE_MATCHING
                and day is not None
                and run.as_of <= day <= run.as_of + dt.timedelta(days=days or 0)
            ):
                soon.append(pk)
        rows = Participant.objects.filter(program_id__in=soon, status__in=WAITING).select_related(
            "person", "program"
        )
        for unmet in unmet_training(rows):
            p = unmet.participant
            first = unmet.modules[0]
            titles = ", ".join(f"“{m.title}”" for m in unmet.modules)
            yield Due(
                subject_type="programs.participant",
                subject_id=p.pk,
                occurrence=f"match:{p.program.matching_date}",
                program_id=p.program_id,
                recipients=[p.person],
                title=f"Finish your training: {p.program.name} matches on {{date:date}}",
                body=f"The program asks you to complete {titles} before matching.",
                url=reverse("learning:module", args=[first.pk]),
                times={"date": p.program.matching_date},  # type: ignore[dict-item]
            )
