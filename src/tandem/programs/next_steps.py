"""The home page's "What to do now" for program managers: applications waiting for a decision."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse

from tandem.engagement.timefmt import format_time
from tandem.people.models import Person
from tandem.web.home import NextStep

from .models import Participant, Program
from .permissions import person_id_of


def manager_next_steps(request: Any) -> list[NextStep]:
    person_id = person_id_of(request.user)
    if person_id is None:
        return []
    applied = Q(participants__status=Participant.Status.APPLIED)
    programs = (
        Program.objects.filter(managers=person_id)
        .annotate(
            waiting=Count("participants", filter=applied),
            oldest=Min("participants__created_at", filter=applied),
        )
        .filter(waiting__gt=0)
        .order_by("-waiting")
    )
    zone = Person.objects.filter(pk=person_id).values_list("time_zone", flat=True).first()
    steps = []
    for program in programs:
        people = "application" if program.waiting == 1 else "applications"
        detail = (
            f"Oldest since {format_time(program.oldest, zone, 'date')}." if program.oldest else ""
        )
        steps.append(
            NextStep(
                title=f"Decide on {program.waiting} {people} to {program.name}",
                detail=detail,
                url=reverse("programs:participants", args=[program.pk]) + "?status=applied",
                action="Review applications",
                order=15,
            )
        )
    return steps
