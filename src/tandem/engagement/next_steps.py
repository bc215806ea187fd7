"""The home page's "What to do now" for program managers: relationships at risk."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.programs.models import Program
from tandem.programs.permissions import person_id_of
from tandem.web.home import NextStep

from .risk import at_risk_list


def at_risk_next_steps(request: Any) -> list[NextStep]:
    person_id = person_id_of(request.user)
    if person_id is None:
        return []
    steps = []
    for program in Program.objects.filter(managers=person_id).order_by("name"):
        rows = at_risk_list(program, include_watch=False)
        if not rows:
            continue
        count = len(rows)
        noun = "relationship is" if count == 1 else "relationships are"
        untouched = sum(1 for r in rows if not r.open_intervention)
        steps.append(
            NextStep(
                title=f"{count} {noun} at risk in {program.name}",
                detail=f"{untouched} without an intervention yet." if untouched else "",
                url=reverse("engage:at_risk", args=[program.pk]),
                action="See who",
                urgent=bool(untouched),
                order=20,
            )
        )
    return steps
