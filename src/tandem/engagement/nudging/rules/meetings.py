"""Meeting rules: no meeting for too long, the reminder the day before, the missing pulse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Max, Q
from django.urls import reverse

from tandem.engagement.timefmt import local
from tandem.relationships.models import Meeting, Pulse, Relationship

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register

PULSE_WINDOW_DAYS = 30  # older meetings are not worth a reminder any more
REMINDER_HOUR = 8  # local time on the day before


@register
class NoMeeting(NudgeRule):
    key = "no_meeting"
    label = "No meeting held or scheduled"
    description = (
        "When a pair has held no meeting for the program's cadence plus N days and has none "
        "scheduled, both are reminded to book one (once per gap)."
    )
    default_days = 7
    days_label = "days beyond the program's meeting cadence"
    order = 10

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        active = Relationship.objects.filter(
            status=Relationship.Status.ACTIVE, program_id__in=list(enabled)
        )
        rows = active.annotate(
            last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)),
            upcoming=Count(
                "meetings",
                filter=Q(
                    meetings__status=Meeting.Status.SCHEDULED, meetings__starts_at__gt=run.now
                ),
            ),
        ).values("pk", "program_id", "started_on", "created_at", "last_held", "upcoming")
        members = data.members_of(active)
        for row in rows:
            if row["upcoming"]:
                continue
            program = run.programs[row["program_id"]]
            since = row["last_held"].date() if row["last_held"] else row["started_on"]
            since = since or row["created_at"].date()
            limit = program.meeting_cadence_days + (enabled[row["program_id"]] or 0)
            idle = (run.as_of - since).days
            if idle < limit:
                continue
            what = "your last meeting" if row["last_held"] else "your relationship started"
            yield Due(
                subject_type=data.RELATIONSHIP,
                subject_id=row["pk"],
                occurrence=f"since:{since.isoformat()}",
                program_id=row["program_id"],
                recipients=data.people(members[row["pk"]]),
                title=f"Time to meet: {idle} days since {what}",
                body=(
                    f"{program.name} suggests meeting every {program.meeting_cadence_days} days, "
                    "and nothing is scheduled. Pick a time that suits you both — or log a "
                    "meeting you already had."
                ),
                url=reverse("relationships:meeting_new", args=[row["pk"]]),
            )


@register
class MeetingReminder(NudgeRule):
    key = "meeting_reminder"
    label = "Meeting reminder"
    description = (
        "The day before a scheduled meeting (from 08:00 in each person's own time zone), "
        "each member is reminded of it, with the time in their zone."
    )
    default_days = 1
    days_label = "days before the meeting"
    order = 20

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        horizon = run.now + dt.timedelta(days=max([d or 1 for d in enabled.values()] or [1]) + 1)
        meetings = Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=run.now,
            starts_at__lte=horizon,
            relationship__status=Relationship.Status.ACTIVE,
            relationship__program_id__in=list(enabled),
        ).select_related("relationship")
        members = data.members_of(
            Relationship.objects.filter(pk__in=meetings.values("relationship_id"))
        )
        for meeting in meetings:
            program_id = meeting.relationship.program_id
            days = enabled[program_id] or 1
            group = members[meeting.relationship_id]
            for person in data.people(group):
                there = local(meeting.starts_at, person.time_zone)
                remind_on = there.date() - dt.timedelta(days=days)
                remind_at = dt.datetime.combine(
                    remind_on, dt.time(REMINDER_HOUR), tzinfo=there.tzinfo
                )
                if run.now < remind_at:
                    continue
                yield Due(
                    subject_type=data.MEETING,
                    subject_id=meeting.pk,
                    occurrence=f"p{person.pk}",
                    program_id=program_id,
                    recipients=[person],
                    title=f"Reminder: meeting with {data.names(group, but=person)} on {{when}}",
                    body=(
                        "Your mentoring meeting is coming up on {when:weekday}. "
                        "Glance at the agenda and your goals before you meet."
                    ),
                    url=reverse("relationships:meeting", args=[meeting.pk]),
                    times={"when": meeting.starts_at},
                )


@register
class PulseMissing(NudgeRule):
    key = "pulse_missing"
    label = "Pulse not given"
    description = "N days after a meeting was held, members who gave no pulse are asked once."
    default_days = 2
    days_label = "days after the meeting"
    order = 30

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        longest = max([d or 0 for d in enabled.values()] or [0])
        meetings = Meeting.objects.filter(
            status=Meeting.Status.HELD,
            starts_at__gte=run.now - dt.timedelta(days=PULSE_WINDOW_DAYS + longest),
            starts_at__lte=run.now,
            relationship__status__in=[Relationship.Status.ACTIVE, Relationship.Status.PAUSED],
            relationship__program_id__in=list(enabled),
        ).select_related("relationship")
        given = set(
            Pulse.objects.filter(meeting__in=meetings.values("pk")).values_list(
                "meeting_id", "person_id"
            )
        )
        members = data.members_of(
            Relationship.objects.filter(pk__in=meetings.values("relationship_id"))
        )
        for meeting in meetings:
            days = enabled[meeting.relationship.program_id] or 0
            age = run.now - meeting.starts_at
            if age < dt.timedelta(days=days) or age > dt.timedelta(days=days + PULSE_WINDOW_DAYS):
                continue
            for person in data.people(members[meeting.relationship_id]):
                if (meeting.pk, person.pk) in given:
                    continue
                yield Due(
                    subject_type=data.MEETING,
                    subject_id=meeting.pk,
                    occurrence=f"p{person.pk}",
                    program_id=meeting.relationship.program_id,
                    recipients=[person],
                    title="How did your meeting on {when:date} go? One minute",
                    body="Rate it 1–5 and say whether the match works for you. Only the "
                    "average reaches the program managers.",
                    url=reverse("relationships:meeting", args=[meeting.pk]),
                    times={"when": meeting.starts_at},
                )
