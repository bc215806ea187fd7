"""From the database to the outcome comparison: who took part, who is comparable, what
happened to them after the program's index date (its start)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from tandem.core import clock
from tandem.people.models import HREvent, Person
from tandem.programs.models import Participant, Program

from .outcomes import Comparison, Subject, compare, tenure_band

OUTCOMES = {
    "retention": HREvent.Kind.TERMINATION,
    "promotion": HREvent.Kind.PROMOTION,
    "move": HREvent.Kind.MOVE,
}
TAKING_PART = [Participant.Status.APPROVED, Participant.Status.MATCHED]


def index_date(program: Program) -> dt.date:
    return program.starts_on or program.created_at.date()


def subjects(program: Program, outcome: str) -> list[Subject]:
    """Participants (mentees and peers who took part) and everyone else employed on the
    index date who never enrolled in the program."""
    index = index_date(program)
    today = clock.today()
    enrolled = set(Participant.objects.filter(program=program).values_list("person_id", flat=True))
    treated = set(
        Participant.objects.filter(
            program=program, status__in=TAKING_PART, role__in=["mentee", "peer"]
        ).values_list("person_id", flat=True)
    )
    leaving = dict(
        HREvent.objects.filter(kind=HREvent.Kind.TERMINATION, date__gte=index)
        .order_by("-date")  # the earliest wins
        .values_list("person_id", "date")
    )
    left_before = set(
        HREvent.objects.filter(kind=HREvent.Kind.TERMINATION, date__lt=index).values_list(
            "person_id", flat=True
        )
    )
    rows = HREvent.objects.filter(kind=OUTCOMES[outcome], date__gt=index).order_by("-date")
    firsts: dict[int, dt.date] = dict(rows.values_list("person_id", "date"))
    people = Person.objects.filter(hire_date__lte=index).exclude(pk__in=left_before)
    out = []
    fields = ("pk", "department", "job_level", "location", "hire_date")
    for pk, dept, level, location, hired in people.values_list(*fields).iterator():
        if pk in enrolled and pk not in treated:
            continue
        end = min(leaving.get(pk, today), today)
        event = firsts.get(pk)
        out.append(
            Subject(
                id=pk,
                treated=pk in treated,
                department=dept or "",
                level=str(level or ""),
                tenure_band=tenure_band((index - hired).days / 365.25),
                location=location or "",
                followed_days=float((end - index).days),
                event_day=float((event - index).days) if event else None,
            )
        )
    return out


def _flip(rate: dict[str, Any]) -> dict[str, Any]:
    if not rate["n"]:
        return rate
    kept = rate["n"] - rate["events"]
    low, high = proportion_confint(kept, rate["n"], alpha=0.05, method="wilson")
    return {
        "n": rate["n"],
        "events": kept,
        "rate": kept / rate["n"],
        "ci_low": low,
        "ci_high": high,
    }


def program_outcome(program: Program, outcome: str, months: int) -> dict[str, Any]:
    horizon = months * 30.44
    result: Comparison = compare(subjects(program, outcome), horizon_days=horizon, seed=program.pk)
    data = asdict(result)
    if outcome == "retention":
        data["participants"] = _flip(data["participants"])
        data["comparison"] = _flip(data["comparison"])
        if result.enough_data:
            p, c = data["participants"], data["comparison"]
            low, high = confint_proportions_2indep(
                p["events"], p["n"], c["events"], c["n"], method="newcomb", compare="diff"
            )
            data.update(difference=p["rate"] - c["rate"], ci_low=float(low), ci_high=float(high))
    data.update(
        outcome=outcome, months=months, index_date=index_date(program), program_id=program.pk
    )
    return data
