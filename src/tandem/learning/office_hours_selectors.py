"""Reads of office hours: open slots by skill and dates; a booking for its two people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tandem.core import clock
from tandem.people.selectors import person_of

from .models import OfficeHourBooking, OfficeHourSlot


def list_slots(
    *, skill: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[OfficeHourSlot]:
    rows = (
        OfficeHourSlot.objects.filter(cancelled=False, starts_at__gt=clock.now())
        .select_related("host")
        .prefetch_related("skills")
        .annotate(taken=Count("bookings", filter=Q(bookings__status="booked")))
    )
    if skill:
        rows = rows.filter(skills__pk=skill)
    if start:
        rows = rows.filter(starts_at__date__gte=start)
    if end:
        rows = rows.filter(starts_at__date__lte=end)
    return rows.distinct()


def access_slot_by_id(*, actor: Any, slot_id: int) -> OfficeHourSlot:
    slot = OfficeHourSlot.objects.select_related("host").filter(pk=slot_id).first()
    if slot is None or not getattr(actor, "is_authenticated", False):
        raise Http404("No such office hour.")
    return slot


def my_bookings(actor: Any) -> QuerySet[OfficeHourBooking]:
    me = person_of(actor)
    if me is None:
        return OfficeHourBooking.objects.none()
    return OfficeHourBooking.objects.filter(Q(person=me) | Q(slot__host=me)).select_related(
        "slot__host", "person"
    )


def access_booking_by_id(*, actor: Any, booking_id: int) -> OfficeHourBooking:
    booking = my_bookings(actor).filter(pk=booking_id).first()
    if booking is None:
        raise Http404("No such booking.")
    return booking
