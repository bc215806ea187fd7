"""iCalendar (RFC 5545) invites for meetings, built with ``icalendar``.

* ``UID`` is stable per meeting: ``meeting-<id>@<TANDEM_ICS_UID_DOMAIN or "tandem">``, so a
  calendar updates the event instead of adding a second one;
* ``SEQUENCE`` is ``Meeting.sequence``, bumped by the service on every change a calendar must
  see (time, duration, place, agenda, cancellation);
* ``METHOD:REQUEST`` for a scheduled (or held) meeting, ``METHOD:CANCEL`` with
  ``STATUS:CANCELLED`` for a cancelled one;
* ``DTSTART``/``DTEND`` in UTC (``...Z``); the scheduler's zone is named in the description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress, vText

from tandem.core import clock

from .models import Meeting

PRODID = "-//Tandem//Mentoring meetings//EN"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"


def meeting_uid(meeting: Meeting) -> str:
    domain = getattr(settings, "TANDEM_ICS_UID_DOMAIN", "tandem")
    return f"meeting-{meeting.pk}@{domain}"


def _address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def _summary(meeting: Meeting) -> str:
    names = [m.participant.person.full_name for m in meeting.relationship.members.all()]
    return "Mentoring: " + " & ".join(names) if names else "Mentoring meeting"


def _description(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(_zone(meeting.time_zone))
    lines = [
        f"{meeting.get_format_display()} · {meeting.duration_minutes} minutes",
        f"Scheduled for {local:%A %d %B %Y, %H:%M} ({meeting.time_zone})",
    ]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.agenda:
        lines += ["", "Agenda:", meeting.agenda]
    base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
    if base:
        lines += ["", f"{base}/relationships/meetings/{meeting.pk}/"]
    return "\n".join(lines)


def _zone(name: str) -> dt.tzinfo:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def meeting_event(meeting: Meeting, *, cancelled: bool) -> Event:
    """One VEVENT for ``meeting`` (members must be prefetched with their people)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", clock.now().astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
    end = meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes)
    event.add("dtend", end.astimezone(dt.UTC))
    event.add("summary", _summary(meeting))
    event.add("description", _description(meeting))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    people = [m.participant.person for m in meeting.relationship.members.all()]
    organizer = meeting.scheduled_by or (people[0] if people else None)
    if organizer is not None:
        event.add("organizer", _address(organizer.email, organizer.full_name))
    for person in people:
        event.add("attendee", _address(person.email, person.full_name, "REQ-PARTICIPANT"))
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, method: str = METHOD_REQUEST) -> bytes:
    """A VCALENDAR with one VEVENT per meeting, for an email attachment or a download."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, cancelled=method == METHOD_CANCEL))
    return bytes(calendar.to_ical())


def invite_for(meeting: Meeting) -> bytes:
    """The current invite of one meeting: CANCEL when it was cancelled, REQUEST otherwise."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    return calendar_bytes([meeting], method=METHOD_CANCEL if cancelled else METHOD_REQUEST)


def content_type(method: str) -> str:
    return f"text/calendar; charset=utf-8; method={method}"


def invite_response(meeting: Meeting) -> HttpResponse:
    """The invite as a download (``meeting-<id>.ics``)."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    method = METHOD_CANCEL if cancelled else METHOD_REQUEST
    response = HttpResponse(invite_for(meeting), content_type=content_type(method))
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
