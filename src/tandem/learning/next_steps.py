"""The home page's "What to do now" for the learning app: the one-question pulse after an
office hour that took place (attendee and expert alike)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.people.selectors import person_of
from tandem.web.home import NextStep

from .office_hour_followup import QUESTION, to_answer

MAX_PULSES = 3


def office_hour_pulse_steps(request: Any) -> list[NextStep]:
    me = person_of(request.user)
    if me is None:
        return []
    steps = []
    for booking in to_answer(me)[:MAX_PULSES]:
        slot = booking.slot
        other = booking.person if slot.host_id == me.pk else slot.host
        steps.append(
            NextStep(
                title=f"{QUESTION} “{slot.topic}” with {other.full_name}",
                url=reverse("learning:booking_pulse", kwargs={"booking_id": booking.pk}),
                action="Answer",
                detail="One question, 1 to 5.",
                order=40,
            )
        )
    return steps
