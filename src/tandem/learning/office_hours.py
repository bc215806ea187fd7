"""Office hours: an expert offers slots, any employee books one (no enrolment).

Booking locks the slot row (``select_for_update``), so two people cannot take the last
seat at once; both get an iCalendar invite (REQUEST), a cancellation sends a CANCEL."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.engagement.services import Attachment, notify
from tandem.people.models import Person, Skill
from tandem.relationships import ics

from .models import OfficeHourBooking, OfficeHourSlot
from .services import full_clean, require_person

IN_THE_PAST = "Choose a start in the future."
BAD_ZONE = "“{zone}” is not a time zone."
UNKNOWN_SKILLS = "No skill in the taxonomy has id {ids}."
NO_TOPIC = "Give the slot a topic."
SLOT_PAST = "This slot has already started."
SLOT_FULL = "This slot is full."
SLOT_CANCELLED = "This slot was cancelled."
OWN_SLOT = "You host this slot."
ALREADY_BOOKED = "You have already booked this slot."
NOT_YOURS = "Only the person who booked, or the host, cancels a booking."
ALREADY_CANCELLED = "This booking is already cancelled."
TAKEN_PLACE = "This office hour has already taken place: it stays counted."
PRODID = "-//Tandem//Office hours//EN"


@transaction.atomic
def offer_slot(*, actor: Any, data: dict[str, Any]) -> OfficeHourSlot:
    host = require_person(actor)
    starts_at = data["starts_at"]
    zone = data.get("time_zone") or host.time_zone
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError(BAD_ZONE.format(zone=zone), field="time_zone") from exc
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=tz)
    if starts_at <= clock.now():
        raise DomainError(IN_THE_PAST, field="starts_at")
    if not str(data.get("topic", "")).strip():
        raise DomainError(NO_TOPIC, field="topic")
    ids = list(data.get("skill_ids") or [])
    skills = list(Skill.objects.filter(pk__in=ids))
    if len(skills) != len(set(ids)):
        missing = ", ".join(map(str, sorted(set(ids) - {s.pk for s in skills})))
        raise DomainError(UNKNOWN_SKILLS.format(ids=missing), field="skills")
    slot = OfficeHourSlot(
        host=host,
        starts_at=starts_at,
        time_zone=zone,
        duration_minutes=data.get("duration_minutes", 30),
        topic=str(data["topic"]).strip(),
        format=data.get("format", OfficeHourSlot.Format.VIDEO),
        location=str(data.get("location", "")).strip(),
        capacity=data.get("capacity", 1),
    )
    full_clean(slot, exclude=["host"])
    slot.save()
    slot.skills.set(skills)
    return slot


def seats_left(slot: OfficeHourSlot) -> int:
    taken = slot.bookings.filter(status=OfficeHourBooking.Status.BOOKED).count()
    return max(slot.capacity - taken, 0)


@transaction.atomic
def book_slot(*, actor: Any, slot: OfficeHourSlot) -> OfficeHourBooking:
    me = require_person(actor)
    slot = OfficeHourSlot.objects.select_for_update().select_related("host").get(pk=slot.pk)
    if slot.cancelled:
        raise ConflictError(SLOT_CANCELLED)
    if slot.starts_at <= clock.now():
        raise ConflictError(SLOT_PAST)
    if slot.host_id == me.pk:
        raise DomainError(OWN_SLOT)
    booked = slot.bookings.filter(status=OfficeHourBooking.Status.BOOKED)
    if booked.filter(person=me).exists():
        raise ConflictError(ALREADY_BOOKED)
    if booked.count() >= slot.capacity:
        raise ConflictError(SLOT_FULL)
    booking = OfficeHourBooking.objects.create(slot=slot, person=me)
    _send(booking, ics.METHOD_REQUEST, f"Office hour booked: {slot.topic}, {{when}}")
    return booking


@transaction.atomic
def cancel_booking(*, actor: Any, booking: OfficeHourBooking) -> OfficeHourBooking:
    me = require_person(actor)
    booking = (
        OfficeHourBooking.objects.select_for_update()
        .select_related("slot__host", "person")
        .get(pk=booking.pk)
    )
    if me.pk not in (booking.person_id, booking.slot.host_id):
        raise NotAllowed(NOT_YOURS)
    if booking.status == OfficeHourBooking.Status.CANCELLED:
        raise ConflictError(ALREADY_CANCELLED)
    slot_end = booking.slot.starts_at + dt.timedelta(minutes=booking.slot.duration_minutes)
    if slot_end <= clock.now():
        raise ConflictError(TAKEN_PLACE)
    booking.status = OfficeHourBooking.Status.CANCELLED
    booking.sequence += 1
    booking.save(update_fields=["status", "sequence", "updated_at"])
    _send(booking, ics.METHOD_CANCEL, f"Office hour cancelled: {booking.slot.topic}, {{when}}")
    return booking


def _address(person: Person, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
    return address


def invite_bytes(booking: OfficeHourBooking) -> bytes:
    """The booking's invite: REQUEST while booked, CANCEL once cancelled (same UID)."""
    slot = booking.slot
    cancelled = booking.status == OfficeHourBooking.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", ics.METHOD_CANCEL if cancelled else ics.METHOD_REQUEST)
    event = Event()
    event.add("uid", f"office-hour-booking-{booking.pk}@tandem")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", clock.now().astimezone(dt.UTC))
    event.add("dtstart", slot.starts_at.astimezone(dt.UTC))
    event.add(
        "dtend", (slot.starts_at + dt.timedelta(minutes=slot.duration_minutes)).astimezone(dt.UTC)
    )
    event.add("summary", f"Office hour: {slot.topic} with {slot.host.full_name}")
    if slot.location:
        event.add("location", slot.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(slot.host))
    event.add("attendee", _address(booking.person, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _send(booking: OfficeHourBooking, method: str, title: str) -> None:
    attachment = Attachment(
        f"office-hour-{booking.pk}.ics", invite_bytes(booking), ics.content_type(method)
    )
    notify(
        recipients=[booking.person, booking.slot.host],
        kind="meeting.office_hour",
        title=title,
        url=reverse("learning:office_hours"),
        attachments=[attachment],
        times={"when": booking.slot.starts_at},
        subject=booking,
    )
