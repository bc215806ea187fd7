"""What the learning app contributes to a person's export and erasure for office hours:
the slots they host, the bookings they made and the pulses they answered.

Erasure keeps the facts other people need and removes the person's words: their upcoming
slots are cancelled (with the seats booked on them, so attendees see it in their list),
the location of every slot they hosted is cleared, their bookings of office hours still to
come are deleted (the seat is freed), past bookings stay on the anonymised person so the
host's attendance stays honest, and their pulse comments are cleared (the rating stays, as
a number, like relationship pulses)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q

from tandem.core import clock

from .models import OfficeHourBooking, OfficeHourPulse, OfficeHourSlot


def _slots_hosted(person: Any) -> list[dict[str, Any]]:
    booked = Count("bookings", filter=Q(bookings__status=OfficeHourBooking.Status.BOOKED))
    return [
        {
            "slot_id": s.pk,
            "topic": s.topic,
            "starts_at": s.starts_at,
            "time_zone": s.time_zone,
            "duration_minutes": s.duration_minutes,
            "format": s.format,
            "location": s.location,
            "capacity": s.capacity,
            "seats_booked": s.seats_booked,
            "cancelled": s.cancelled,
        }
        for s in OfficeHourSlot.objects.filter(host=person)
        .annotate(seats_booked=booked)
        .order_by("starts_at", "id")
    ]


def export_office_hours(person: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        "slots_hosted": _slots_hosted(person),
        "bookings_made": [
            {
                "booking_id": b.pk,
                "slot_id": b.slot_id,
                "topic": b.slot.topic,
                "host": b.slot.host.full_name,
                "starts_at": b.slot.starts_at,
                "status": b.status,
                "booked_at": b.created_at,
            }
            for b in OfficeHourBooking.objects.filter(person=person)
            .select_related("slot__host")
            .order_by("slot__starts_at", "id")
        ],
        "pulses_answered": [
            dict(p)
            for p in OfficeHourPulse.objects.filter(person=person)
            .order_by("created_at", "id")
            .values("booking_id", "rating", "comment", "created_at")
        ],
    }


def export_office_hours_for_admin(person: Any) -> dict[str, list[dict[str, Any]]]:
    """An org admin sees the slots a person offers, as everyone does in the listing — not
    where they meet, whom they booked, nor how they rated an office hour."""
    rows = _slots_hosted(person)
    for row in rows:
        del row["location"]
    return {"slots_hosted": rows}


def erase_office_hours(person: Any) -> int:
    now = clock.now()
    upcoming = OfficeHourSlot.objects.filter(host=person, starts_at__gt=now, cancelled=False)
    seats = OfficeHourBooking.objects.filter(
        slot__in=upcoming, status=OfficeHourBooking.Status.BOOKED
    ).update(status=OfficeHourBooking.Status.CANCELLED, sequence=F("sequence") + 1)
    cancelled = upcoming.update(cancelled=True)
    located = OfficeHourSlot.objects.filter(host=person).exclude(location="").update(location="")
    bookings, _ = OfficeHourBooking.objects.filter(person=person, slot__starts_at__gt=now).delete()
    comments = OfficeHourPulse.objects.filter(person=person).exclude(comment="").update(comment="")
    return seats + cancelled + located + bookings + comments
