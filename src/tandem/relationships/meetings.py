"""Writes to meetings: schedule (once or as a series), change, hold/cancel/no-show, pulses.

Times arrive as aware datetimes (or naive ones read in ``time_zone``), are stored in UTC,
and the meeting remembers the zone it was scheduled in. Every change a calendar must see
bumps ``Meeting.sequence`` and re-sends the ``.ics`` invite (CANCEL on cancellation).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.engagement.services import Attachment, publish_event
from tandem.engagement.services import notify as send_notification
from tandem.people.models import available_time_zones
from tandem.people.selectors import person_of

from . import ics, permissions, recurrence, selectors
from .common import CLOSED, MEMBERS_ONLY, notify_members, require_open_member
from .health import refresh_health
from .models import Meeting, MeetingSeries, Pulse, Relationship

BAD_ZONE = "“{zone}” is not an IANA time zone (for example Europe/London)."
IN_THE_PAST = "The meeting would start in the past ({when}); pick a future time."
PAUSED = "The relationship is paused; resume it before scheduling meetings."
NO_SERIES_END = "The program has no end date: say until when the series repeats."
SERIES_END_PAST = "The series would end before its first meeting."
INTERVAL_RANGE = "Repeat every 1 to 365 days."
NOT_STARTED = "A meeting can be marked {status} once it has started."
FINAL_STATUS = "A cancelled meeting cannot change; schedule a new one."
BAD_STATUS = "Unknown meeting status “{status}”."
PULSE_NOT_HELD = "The pulse opens once the meeting is marked as held."
PULSE_ONCE = "You have already given your pulse for this meeting."
RATING_RANGE = "The rating is a whole number from 1 to 5."
NOT_YET_HAPPENED = "A meeting logged as held must have started already (not {when})."
BEFORE_START = "The relationship started on {date}; log meetings from that day on."
POOR_FIT_ALERT_AFTER = 2  # "not a good fit" answers in a relationship, by any member
TIMING_FIELDS = ("starts_at", "time_zone", "duration_minutes", "format", "location", "agenda")
STARTERS_PER_MEETING = 2


def _zone(name: str) -> zoneinfo.ZoneInfo:
    if name not in available_time_zones():
        raise DomainError(BAD_ZONE.format(zone=name), field="time_zone")
    return zoneinfo.ZoneInfo(name)


def to_utc(starts_at: dt.datetime, time_zone: str) -> dt.datetime:
    """An aware datetime as UTC; a naive one is read as wall-clock time in ``time_zone``."""
    zone = _zone(time_zone)
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=zone)
    return starts_at.astimezone(dt.UTC)


def build_agenda(relationship: Relationship, on: dt.date) -> str:
    """This week's curriculum topic and a couple of the program's conversation starters."""
    parts = []
    week = selectors.curriculum_for_week(relationship, on)
    if week is not None:
        parts.append(f"Week {week.week} — {week.topic}".strip(" —"))
        if week.details:
            parts.append(week.details)
    starters = [str(s) for s in relationship.program.conversation_starters or [] if s]
    if starters:
        held = relationship.meetings.count()
        offset = (held * STARTERS_PER_MEETING) % len(starters)
        chosen = (starters[offset:] + starters[:offset])[:STARTERS_PER_MEETING]
        parts += ["", "Conversation starters:", *(f"• {s}" for s in chosen)]
    parts += ["", "Check in on goals and milestones."]
    return "\n".join(parts).strip()


def _series_times(
    relationship: Relationship,
    first: dt.datetime,
    time_zone: str,
    every_days: int | None,
    until: dt.date | None,
) -> list[dt.datetime]:
    if not every_days:
        return [first]
    if not 1 <= every_days <= 365:
        raise DomainError(INTERVAL_RANGE, field="repeat_every_days")
    until = until or relationship.program.ends_on
    if until is None:
        raise DomainError(NO_SERIES_END, field="repeat_until")
    if relationship.program.ends_on is not None:
        until = min(until, relationship.program.ends_on)
    if until < first.astimezone(_zone(time_zone)).date():
        raise DomainError(SERIES_END_PAST, field="repeat_until")
    return recurrence.occurrences(first, time_zone=time_zone, interval_days=every_days, until=until)


def _invite(meetings: list[Meeting], method: str = ics.METHOD_REQUEST) -> list[Attachment]:
    content = ics.calendar_bytes(meetings, method=method)
    name = "cancel.ics" if method == ics.METHOD_CANCEL else "invite.ics"
    return [Attachment(name, content, ics.content_type(method))]


def meeting_url(meeting: Meeting) -> str:
    return reverse("relationships:meeting", args=[meeting.pk])


@transaction.atomic
def schedule_meeting(
    *,
    relationship: Relationship,
    actor: Any,
    starts_at: dt.datetime,
    time_zone: str | None = None,
    duration_minutes: int = 45,
    format: str = Meeting.Format.VIDEO,
    location: str = "",
    agenda: str | None = None,
    repeat_every_days: int | None = None,
    repeat_until: dt.date | None = None,
    allow_past: bool = False,
    notify: bool = True,
) -> list[Meeting]:
    """Schedule a meeting — or a series every N days to the program's end — and invite the
    members with an ``.ics``. ``time_zone`` defaults to the scheduler's; an empty agenda is
    prefilled from the curriculum. Returns the meetings created, first one first."""
    require_open_member(actor, relationship)
    if relationship.status == Relationship.Status.PAUSED:
        raise ConflictError(PAUSED)
    scheduler = person_of(actor)
    zone_name = time_zone or (scheduler.time_zone if scheduler else "UTC")
    first = to_utc(starts_at, zone_name)
    if first < clock.now() and not allow_past:
        raise DomainError(IN_THE_PAST.format(when=first.isoformat()), field="starts_at")
    times = _series_times(relationship, first, zone_name, repeat_every_days, repeat_until)
    series = None
    if len(times) > 1 or repeat_every_days:
        series = MeetingSeries(
            relationship=relationship,
            interval_days=repeat_every_days or 1,
            time_zone=zone_name,
            until=times[-1].date(),
        )
        full_clean_or_raise(series, exclude=["relationship"])
        series.save()
    meetings = []
    for when in times:
        meeting = Meeting(
            relationship=relationship,
            series=series,
            scheduled_by=scheduler,
            starts_at=when,
            time_zone=zone_name,
            duration_minutes=duration_minutes,
            format=format,
            location=location.strip(),
            agenda=(agenda or "").strip() or build_agenda(relationship, when.date()),
        )
        full_clean_or_raise(meeting, exclude=["relationship", "series", "scheduled_by"])
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
    refresh_health(relationship)
    if notify:
        what = f"{len(meetings)} meetings" if len(meetings) > 1 else "A meeting"
        notify_members(
            relationship,
            kind="meeting.scheduled",
            url=meeting_url(meetings[0]),
            title=f"{what} scheduled: {{when}}",
            body="The invite is attached. Times are in your time zone.",
            attachments=_invite(meetings),
            times={"when": first},
        )
    return meetings


@transaction.atomic
def log_held_meeting(
    *,
    relationship: Relationship,
    actor: Any,
    starts_at: dt.datetime,
    time_zone: str | None = None,
    duration_minutes: int = 45,
    format: str = Meeting.Format.VIDEO,
    location: str = "",
    agenda: str | None = None,
) -> Meeting:
    """Record a meeting that already happened (pairs meet in corridors): it is held at once,
    so its pulse opens, and it must fall within the relationship's dates."""
    require_open_member(actor, relationship)
    scheduler = person_of(actor)
    zone_name = time_zone or (scheduler.time_zone if scheduler else "UTC")
    when = to_utc(starts_at, zone_name)
    if when > clock.now():
        raise DomainError(NOT_YET_HAPPENED.format(when=when.isoformat()), field="starts_at")
    start = relationship.started_on or relationship.created_at.date()
    if when.astimezone(_zone(zone_name)).date() < start:
        raise DomainError(BEFORE_START.format(date=f"{start:%d %b %Y}"), field="starts_at")
    meeting = Meeting(
        relationship=relationship,
        scheduled_by=scheduler,
        starts_at=when,
        time_zone=zone_name,
        duration_minutes=duration_minutes,
        format=format,
        location=location.strip(),
        agenda=(agenda or "").strip(),
        status=Meeting.Status.HELD,
    )
    full_clean_or_raise(meeting, exclude=["relationship", "series", "scheduled_by"])
    meeting.save()
    refresh_health(relationship)
    _meeting_held(meeting)
    notify_members(
        relationship,
        kind="meeting.pulse",
        url=meeting_url(meeting),
        title="How did your meeting on {when:date} go? A one-minute pulse",
        body="The meeting is logged. Rate it 1–5 and tell us whether this is a good fit.",
        times={"when": when},
    )
    return meeting


def _apply_fields(meeting: Meeting, data: dict[str, Any]) -> bool:
    """Apply edits; True when something a calendar shows has changed."""
    before = {name: getattr(meeting, name) for name in TIMING_FIELDS}
    if data.get("time_zone"):
        meeting.time_zone = data["time_zone"]
        _zone(meeting.time_zone)
    if data.get("starts_at") is not None:
        meeting.starts_at = to_utc(data["starts_at"], meeting.time_zone)
        if meeting.starts_at < clock.now():
            raise DomainError(
                IN_THE_PAST.format(when=meeting.starts_at.isoformat()), field="starts_at"
            )
    for name in ("duration_minutes", "format", "location", "agenda"):
        if data.get(name) is not None:
            setattr(
                meeting, name, data[name].strip() if isinstance(data[name], str) else data[name]
            )
    return any(getattr(meeting, name) != value for name, value in before.items())


def _check_status(meeting: Meeting, status: str) -> None:
    if status not in Meeting.Status.values:
        raise DomainError(BAD_STATUS.format(status=status), field="status")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ConflictError(FINAL_STATUS, field="status")
    if status in {Meeting.Status.HELD, Meeting.Status.NO_SHOW} and meeting.starts_at > clock.now():
        label = Meeting.Status(status).label.lower()
        raise ConflictError(NOT_STARTED.format(status=label), field="status")


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor: Any, data: dict[str, Any]) -> Meeting:
    """Reschedule or edit (re-invites with SEQUENCE + 1), or set the status: held (asks each
    member for a pulse), cancelled (sends a CANCEL), no-show."""
    relationship = meeting.relationship
    if not permissions.is_member(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if relationship.is_closed:
        raise ConflictError(CLOSED)
    status = data.get("status")
    if meeting.status == Meeting.Status.CANCELLED and (status or _touches(data)):
        raise ConflictError(FINAL_STATUS, field="status")
    changed = _apply_fields(meeting, data)
    if status and status != meeting.status:
        _check_status(meeting, status)
        meeting.status = status
        changed = changed or status == Meeting.Status.CANCELLED
    if changed:
        meeting.sequence += 1
    full_clean_or_raise(meeting, exclude=["relationship", "series", "scheduled_by"])
    meeting.save()
    _after_update(meeting, actor, changed, status)
    refresh_health(relationship)
    return meeting


def _touches(data: dict[str, Any]) -> bool:
    return any(data.get(name) is not None for name in TIMING_FIELDS)


def _after_update(meeting: Meeting, actor: Any, changed: bool, status: str | None) -> None:
    relationship = meeting.relationship
    if status == Meeting.Status.CANCELLED:
        notify_members(
            relationship,
            kind="meeting.cancelled",
            url=meeting_url(meeting),
            title="Meeting cancelled: {when}",
            attachments=_invite([meeting], ics.METHOD_CANCEL),
            times={"when": meeting.starts_at},
        )
    elif status == Meeting.Status.HELD:
        _meeting_held(meeting)
        notify_members(
            relationship,
            kind="meeting.pulse",
            url=meeting_url(meeting),
            title="How did your meeting go? A one-minute pulse",
            body="Rate the meeting 1–5 and tell us whether this is a good fit.",
        )
    elif changed and meeting.status == Meeting.Status.SCHEDULED:
        notify_members(
            relationship,
            kind="meeting.updated",
            url=meeting_url(meeting),
            title="Meeting updated: {when}",
            body="The updated invite is attached. Times are in your time zone.",
            attachments=_invite([meeting]),
            times={"when": meeting.starts_at},
        )


def _meeting_held(meeting: Meeting) -> None:
    publish_event(
        "meeting.held",
        {
            "meeting_id": meeting.pk,
            "relationship_id": meeting.relationship_id,
            "program_id": meeting.relationship.program_id,
            "starts_at": meeting.starts_at.isoformat(),
            "duration_minutes": meeting.duration_minutes,
            "format": meeting.format,
        },
    )


@transaction.atomic
def submit_pulse(
    *, meeting: Meeting, actor: Any, rating: int, good_fit: bool = True, comment: str = ""
) -> Pulse:
    """One pulse per member per held meeting. The second "not a good fit" answer in a
    relationship (by either member) alerts the program's managers, once."""
    relationship = meeting.relationship
    if not permissions.can_give_pulse(actor, meeting):
        raise NotAllowed(MEMBERS_ONLY)
    if meeting.status != Meeting.Status.HELD:
        raise ConflictError(PULSE_NOT_HELD)
    if not 1 <= rating <= 5:
        raise DomainError(RATING_RANGE, field="rating")
    person = person_of(actor)
    if Pulse.objects.filter(meeting=meeting, person=person).exists():
        raise ConflictError(PULSE_ONCE)
    pulse = Pulse(
        meeting=meeting, person=person, rating=rating, good_fit=good_fit, comment=comment.strip()
    )
    full_clean_or_raise(pulse, exclude=["meeting", "person"])
    pulse.save()
    if not good_fit:
        _maybe_alert_managers(relationship)
    refresh_health(relationship)
    return pulse


def _maybe_alert_managers(relationship: Relationship) -> None:
    if relationship.fit_alert_sent_at is not None:
        return
    if selectors.fit_concerns(relationship) < POOR_FIT_ALERT_AFTER:
        return
    relationship.fit_alert_sent_at = clock.now()
    relationship.save(update_fields=["fit_alert_sent_at"])
    managers = list(relationship.program.managers.all())
    if managers:
        send_notification(
            recipients=managers,
            kind="relationship.fit_alert",
            title=f"A relationship in {relationship.program.name} may not be a good fit",
            body=(
                f"Relationship #{relationship.pk} has had {POOR_FIT_ALERT_AFTER} “not a good "
                "fit” answers in its meeting pulses. Consider checking in with its members."
            ),
            url=reverse("relationships:program", args=[relationship.program_id]),
        )
