"""Office hours — /api/v1/office-hours, /api/v1/bookings. Any employee offers and books."""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema, QueryDate

from . import office_hour_followup, office_hours, office_hours_selectors
from .invite_download import invite_response
from .models import OfficeHourBooking, OfficeHourPulse, OfficeHourSlot
from .services import require_person

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SlotIn(InputSchema):
    starts_at: dt.datetime = Field(..., description="with an offset, or local to time_zone")
    time_zone: str = Field("", max_length=64, description="IANA zone; empty: the host's")
    duration_minutes: int = Field(30, ge=10, le=240)
    topic: str = Field(..., min_length=1, max_length=200)
    skills: list[int] = Field([], description="skill ids")
    format: Literal["video", "in_person", "phone"] = "video"
    location: str = Field("", max_length=500)
    capacity: int = Field(1, ge=1, le=8)


class SlotOut(Schema):
    id: int
    host_id: int
    host_name: str
    starts_at: dt.datetime
    time_zone: str
    duration_minutes: int
    topic: str
    skills: list[str]
    format: str
    capacity: int
    seats_left: int


class BookingOut(Schema):
    id: int
    slot_id: int
    person_id: int
    status: str


class SlotFilter(Schema):
    skill: int | None = None
    from_: QueryDate | None = Field(None, alias="from")
    to: QueryDate | None = None


def _slot_out(slot: OfficeHourSlot) -> dict[str, Any]:
    taken = getattr(slot, "taken", None)
    left = slot.capacity - taken if taken is not None else office_hours.seats_left(slot)
    return {
        "id": slot.pk,
        "host_id": slot.host_id,
        "host_name": slot.host.full_name,
        "starts_at": slot.starts_at,
        "time_zone": slot.time_zone,
        "duration_minutes": slot.duration_minutes,
        "topic": slot.topic,
        "skills": [s.name for s in slot.skills.all()],
        "format": slot.format,
        "capacity": slot.capacity,
        "seats_left": max(left, 0),
    }


def _booking_out(b: OfficeHourBooking) -> dict[str, Any]:
    return {"id": b.pk, "slot_id": b.slot_id, "person_id": b.person_id, "status": b.status}


@router.get("/office-hours", response={200: list[SlotOut], **ERRORS})
def list_office_hours(request: HttpRequest, filters: Query[SlotFilter]) -> list[dict[str, Any]]:
    """Open future slots, by skill id and dates (``from``, ``to``)."""
    rows = office_hours_selectors.list_slots(
        skill=filters.skill, start=filters.from_, end=filters.to
    )
    return [_slot_out(s) for s in rows]


@router.post("/office-hours", response={201: SlotOut, **ERRORS})
def offer_office_hour(request: HttpRequest, payload: SlotIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["skill_ids"] = data.pop("skills")
    slot = office_hours.offer_slot(actor=request.user, data=data)
    return Status(201, _slot_out(slot))


@router.post("/office-hours/{slot_id}/book", response={201: BookingOut, **ERRORS})
def book_office_hour(request: HttpRequest, slot_id: int) -> Status[dict[str, Any]]:
    """Book a seat (409 when full, started or cancelled); both people get an invite."""
    slot = office_hours_selectors.access_slot_by_id(actor=request.user, slot_id=slot_id)
    return Status(201, _booking_out(office_hours.book_slot(actor=request.user, slot=slot)))


@router.delete("/bookings/{booking_id}", response={200: BookingOut, **ERRORS})
def cancel_booking(request: HttpRequest, booking_id: int) -> dict[str, Any]:
    """Cancel (the booker or the host); a CANCEL invite goes to both."""
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    return _booking_out(office_hours.cancel_booking(actor=request.user, booking=booking))


@router.get("/bookings/{booking_id}/invite.ics", response={200: None, **ERRORS})
def booking_invite(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    return invite_response(booking)


# --- after the session: the one-question pulse ----------------------------------------------


class PulseIn(InputSchema):
    rating: int = Field(..., ge=1, le=5, description="How useful was this session? 1–5")
    comment: str = Field("", max_length=500)


class PulseOut(Schema):
    booking_id: int
    rating: int
    comment: str
    created_at: dt.datetime


class PulseSummaryOut(Schema):
    answers: int = Field(description="Answers of your attendees, all your sessions.")
    shown: bool = Field(description="Figures are shown from min_answers answers on.")
    min_answers: int
    average: float | None
    counts: dict[int, int] | None = Field(description="Answers per rating 1–5, when shown.")


def _pulse_out(p: OfficeHourPulse) -> dict[str, Any]:
    return {
        "booking_id": p.booking_id,
        "rating": p.rating,
        "comment": p.comment,
        "created_at": p.created_at,
    }


@router.post("/bookings/{booking_id}/pulse", response={201: PulseOut, **ERRORS})
def answer_pulse(request: HttpRequest, booking_id: int, payload: PulseIn) -> Status[dict[str, Any]]:
    """The attendee or the expert answers once, after the session's end (409 before it, for
    a cancelled booking, or a second time)."""
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    pulse = office_hour_followup.answer_pulse(
        actor=request.user, booking=booking, rating=payload.rating, comment=payload.comment
    )
    return Status(201, _pulse_out(pulse))


@router.get("/bookings/{booking_id}/pulse", response={200: PulseOut, **ERRORS})
def my_pulse(request: HttpRequest, booking_id: int) -> dict[str, Any]:
    """The caller's own answer (404 until they answered); nobody reads another's."""
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    pulse = office_hour_followup.my_answer(request.user, booking)
    if pulse is None:
        raise Http404("You have not answered for this session.")
    return _pulse_out(pulse)


@router.get("/me/office-hours/pulse-summary", response={200: PulseSummaryOut, **ERRORS})
def my_pulse_summary(request: HttpRequest) -> office_hour_followup.PulseSummary:
    """For an expert: how useful attendees found their sessions — figures only from
    ``min_answers`` answers on, never individual answers."""
    return office_hour_followup.host_summary(require_person(request.user))
