"""After an office hour: the one-question pulse, and the session counted as a mentoring moment.

A booked session **has taken place** when its end has passed, the booking was not cancelled
and the slot was not cancelled (decision of issue 10.4: the time decides, not the pulse, so
a session counts even if nobody answers). Then, exactly once per booking, a confirmed
``Moment`` is recorded from the expert (giver) to the attendee (receiver) with the slot's
skills — by the periodic job ``tasks.follow_up_office_hours`` or by the first pulse answer,
whichever comes first (``Moment.booking`` is unique, the booking row is locked).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.engagement.services import notify
from tandem.people.models import Person

from .models import Moment, OfficeHourBooking, OfficeHourPulse, OfficeHourSlot
from .services import require_person

QUESTION = "How useful was this session?"
MIN_ANSWERS = 5  # the small-group threshold: an expert sees figures from five answers on
NOT_ENDED = "This session has not ended yet: answer after it."
CANCELLED = "This booking was cancelled: there is no session to rate."
ANSWERED = "You have already answered for this session."
BAD_RATING = "Choose a rating from 1 (not useful) to 5 (very useful)."
LONG_COMMENT = "Keep the comment under 500 characters."
NOT_YOURS = "Only the attendee and the expert answer for a session."


def ends_at(slot: OfficeHourSlot) -> dt.datetime:
    return slot.starts_at + dt.timedelta(minutes=slot.duration_minutes)


def has_taken_place(booking: OfficeHourBooking, now: dt.datetime | None = None) -> bool:
    return (
        booking.status == OfficeHourBooking.Status.BOOKED
        and not booking.slot.cancelled
        and ends_at(booking.slot) <= (now or clock.now())
    )


def _locked(booking_id: int) -> OfficeHourBooking:
    return (
        OfficeHourBooking.objects.select_for_update(of=("self",))
        .select_related("slot__host", "person")
        .get(pk=booking_id)
    )


@transaction.atomic
def record_moment(booking: OfficeHourBooking) -> Moment | None:
    """The confirmed moment of a session that took place (created once); None otherwise."""
    booking = _locked(booking.pk)
    if not has_taken_place(booking):
        return None
    existing = Moment.objects.filter(booking=booking).first()
    if existing is not None:
        return existing
    slot = booking.slot
    now = clock.now()
    try:
        with transaction.atomic():
            moment = Moment.objects.create(
                giver=slot.host,
                receiver=booking.person,
                logged_by=slot.host,
                note=f"Office hour: {slot.topic}"[:500],
                happened_on=slot.starts_at.astimezone(zoneinfo.ZoneInfo(slot.time_zone)).date(),
                status=Moment.Status.CONFIRMED,
                decided_at=now,
                booking=booking,
            )
    except IntegrityError:  # recorded meanwhile by another worker
        return Moment.objects.get(booking=booking)
    moment.skills.set(list(slot.skills.all()))
    return moment


@transaction.atomic
def ask_pulse(booking: OfficeHourBooking) -> bool:
    """Ask the attendee and the expert the one question, once per booking."""
    booking = _locked(booking.pk)
    if booking.pulse_asked_at is not None or not has_taken_place(booking):
        return False
    booking.pulse_asked_at = clock.now()
    booking.save(update_fields=["pulse_asked_at", "updated_at"])
    url = reverse("learning:booking_pulse", kwargs={"booking_id": booking.pk})
    slot = booking.slot
    notify(
        recipients=[booking.person],
        kind="office_hour_pulse",
        title=f"{QUESTION} “{slot.topic}” with {slot.host.full_name}",
        body="One question, 1 to 5, ten seconds.",
        url=url,
        subject=booking,
    )
    notify(
        recipients=[slot.host],
        kind="office_hour_pulse",
        title=f"{QUESTION} “{slot.topic}” with {booking.person.full_name}",
        body="One question, 1 to 5, ten seconds.",
        url=url,
        subject=booking,
    )
    return True


def follow_up_ended_sessions() -> tuple[int, int]:
    """Moments recorded and pulses asked for every session that has taken place."""
    now = clock.now()
    candidates = (
        OfficeHourBooking.objects.filter(
            status=OfficeHourBooking.Status.BOOKED,
            slot__cancelled=False,
            slot__starts_at__lte=now,
        )
        .filter(Q(moment__isnull=True) | Q(pulse_asked_at__isnull=True))
        .select_related("slot")
    )
    moments = asked = 0
    for booking in candidates:
        if not has_taken_place(booking, now):
            continue
        had_moment = Moment.objects.filter(booking=booking).exists()
        if record_moment(booking) is not None and not had_moment:
            moments += 1
        asked += ask_pulse(booking)
    return moments, asked


def clean_answer(rating: Any, comment: str) -> tuple[int, str]:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(BAD_RATING, field="rating")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise DomainError(LONG_COMMENT, field="comment")
    return rating, comment


@transaction.atomic
def answer_pulse(
    *, actor: Any, booking: OfficeHourBooking, rating: Any, comment: str = ""
) -> OfficeHourPulse:
    me = require_person(actor)
    booking = _locked(booking.pk)
    if me.pk not in (booking.person_id, booking.slot.host_id):
        raise NotAllowed(NOT_YOURS)
    if booking.status == OfficeHourBooking.Status.CANCELLED or booking.slot.cancelled:
        raise ConflictError(CANCELLED)
    if ends_at(booking.slot) > clock.now():
        raise ConflictError(NOT_ENDED)
    rating, comment = clean_answer(rating, comment)
    if OfficeHourPulse.objects.filter(booking=booking, person=me).exists():
        raise ConflictError(ANSWERED)
    pulse = OfficeHourPulse.objects.create(
        booking=booking, person=me, rating=rating, comment=comment
    )
    record_moment(booking)
    return pulse


def my_answer(actor: Any, booking: OfficeHourBooking) -> OfficeHourPulse | None:
    return OfficeHourPulse.objects.filter(booking=booking, person__user_id=actor.pk).first()


def to_answer(person: Person) -> list[OfficeHourBooking]:
    """Sessions that took place, the person attended or hosted, not yet answered by them."""
    now = clock.now()
    rows = (
        OfficeHourBooking.objects.filter(
            Q(person=person) | Q(slot__host=person),
            status=OfficeHourBooking.Status.BOOKED,
            slot__cancelled=False,
            slot__starts_at__lte=now,
            slot__starts_at__gte=now - dt.timedelta(days=30),
        )
        .exclude(pulses__person=person)
        .select_related("slot__host", "person")
        .order_by("-slot__starts_at")
    )
    return [b for b in rows if has_taken_place(b, now)]


@dataclass(frozen=True)
class PulseSummary:
    answers: int
    shown: bool
    min_answers: int
    average: float | None
    counts: dict[int, int] | None


def host_summary(person: Person) -> PulseSummary:
    """What the expert sees: how many attendees answered and — from ``MIN_ANSWERS`` answers on
    — the average and the spread; never who answered what."""
    rows = OfficeHourPulse.objects.filter(booking__slot__host=person).exclude(person=person)
    counts = dict(rows.values_list("rating").annotate(n=Count("id")))
    answers = sum(counts.values())
    if answers < MIN_ANSWERS:
        return PulseSummary(answers, False, MIN_ANSWERS, None, None)
    average = round(sum(r * n for r, n in counts.items()) / answers, 1)
    return PulseSummary(
        answers, True, MIN_ANSWERS, average, {r: counts.get(r, 0) for r in range(1, 6)}
    )
