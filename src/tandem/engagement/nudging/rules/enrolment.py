"""Before matching: mentors' profiles incomplete; applications waiting for approval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse

from tandem.people.models import ProfileSkill
from tandem.programs.models import Participant, Program

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register

BEFORE_MATCHING = (Program.Status.ENROLLING, Program.Status.MATCHING)
WAITING = (Participant.Status.APPLIED, Participant.Status.APPROVED)


def _matches_within(run: Run, program_id: int, days: int) -> bool:
    program = run.programs[program_id]
    day = program.matching_date
    if program.status not in BEFORE_MATCHING or day is None:
        return False
    return run.as_of <= day <= run.as_of + dt.timedelta(days=days)


@register
class MentorProfileIncomplete(NudgeRule):
    key = "mentor_profile_incomplete"
    label = "Mentor profile incomplete before the match date"
    description = (
        "N days before the program's match date, mentors without a bio or without any "
        "expertise skill are asked to complete their profile (the engine matches on it)."
    )
    audience = "the mentor"
    default_days = 7
    days_label = "days before the match date"
    order = 100

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        soon = [pk for pk, days in enabled.items() if _matches_within(run, pk, days or 0)]
        mentors = (
            Participant.objects.filter(program_id__in=soon, role="mentor", status__in=WAITING)
            .select_related("person__profile")
            .annotate(
                expertise=Count(
                    "person__profile__skills",
                    filter=Q(person__profile__skills__kind=ProfileSkill.Kind.EXPERTISE),
                )
            )
        )
        for mentor in mentors:
            profile = getattr(mentor.person, "profile", None)
            missing = []
            if profile is None or not profile.bio.strip():
                missing.append("a short bio")
            if not mentor.expertise:
                missing.append("the skills you can share")
            if not missing:
                continue
            program = run.programs[mentor.program_id]
            yield Due(
                subject_type=data.PARTICIPANT,
                subject_id=mentor.pk,
                occurrence=f"match:{program.matching_date}",
                program_id=mentor.program_id,
                recipients=[mentor.person],
                title=f"Complete your mentor profile: {program.name} matches on {{date:date}}",
                body=f"Add {' and '.join(missing)} so the matching can find the mentees you "
                "can help most.",
                url=reverse("people:my_profile"),
                times={"date": program.matching_date},  # type: ignore[dict-item]
            )


@register
class ApplicationsWaiting(NudgeRule):
    key = "applications_waiting"
    label = "Applications waiting for approval"
    description = (
        "Applications older than N days that no manager has approved or waitlisted: the "
        "program managers get one reminder a week with the count."
    )
    audience = "the program managers"
    default_days = 3
    days_label = "days an application may wait"
    order = 110

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        applied = Participant.objects.filter(
            program_id__in=list(enabled), status=Participant.Status.APPLIED
        ).values_list("program_id", "created_at")
        waiting: dict[int, int] = {}
        for program_id, created_at in applied:
            if run.now - created_at >= dt.timedelta(days=enabled[program_id] or 0):
                waiting[program_id] = waiting.get(program_id, 0) + 1
        managers = data.managers_of(list(waiting))
        year, week, _ = run.as_of.isocalendar()
        for program_id, count in waiting.items():
            program = run.programs[program_id]
            plural = "s" if count != 1 else ""
            yield Due(
                subject_type=data.PROGRAM,
                subject_id=program_id,
                occurrence=f"{year}-W{week:02d}",
                program_id=program_id,
                recipients=managers.get(program_id, []),
                title=f"{count} application{plural} waiting for approval in {program.name}",
                body="Approve or waitlist them so they know where they stand.",
                url=reverse("programs:participants", args=[program_id]) + "?status=applied",
            )
