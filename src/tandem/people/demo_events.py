"""Demo step: a year of HR events (terminations, promotions, moves) with a small planted
effect — people who took part in a program leave a little less and are promoted a little
more often — so the outcome page has something real to estimate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.programs.models import Participant

from .models import HREvent, Person

YEAR = 365


def build(ctx: Any) -> None:
    rng = ctx.rng
    took_part = set(Participant.objects.values_list("person_id", flat=True))
    logins = {p.pk for p in ctx.logins.values() if p is not None}
    events = []
    for person in Person.objects.filter(status=Person.Status.ACTIVE).exclude(pk__in=logins):
        lift = 0.04 if person.pk in took_part else 0.0
        day = ctx.today - dt.timedelta(days=rng.randint(1, YEAR))
        roll = rng.random()
        if roll < 0.12 - lift:
            events.append(
                HREvent(person=person, kind="termination", date=day, voluntary=rng.random() < 0.7)
            )
        elif roll < 0.22 + lift and person.job_level and person.job_level < 7:
            events.append(
                HREvent(person=person, kind="promotion", date=day, new_level=person.job_level + 1)
            )
        elif roll < 0.3:
            events.append(
                HREvent(
                    person=person,
                    kind="move",
                    date=day,
                    new_department=rng.choice(["Operations", "Product", "Finance"]),
                )
            )
    HREvent.objects.bulk_create(events)
    ctx.say(f"  HR events: {len(events)} over the past year")
