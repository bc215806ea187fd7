"""The database groups people for the outcome comparison exactly as the plain-record
definition does (``outcomes.cells`` on one record per person), edge cases included."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from tandem.insights.outcome_data import index_date, outcome_cells
from tandem.insights.outcomes import Subject, cells, compare, tenure_band
from tandem.people.models import HREvent, Person
from tandem.programs.models import Participant
from tests.relationships.conftest import NOW, FrozenClock
from tests.relationships.factories import ProgramFactory

pytestmark = pytest.mark.django_db
START = dt.date(2024, 9, 1)


def _reference(program, kind: str) -> list[Subject]:
    """One record per person: the definition the grouped SQL must reproduce."""
    index, today = index_date(program), NOW.date()
    parts = list(Participant.objects.filter(program=program))
    enrolled = {p.person_id for p in parts}
    treated = {
        p.person_id
        for p in parts
        if p.status in ("approved", "matched") and p.role in ("mentee", "peer")
    }
    events = list(HREvent.objects.order_by("date"))
    leaving: dict[int, dt.date] = {}
    firsts: dict[int, dt.date] = {}
    left_before = {e.person_id for e in events if e.kind == "termination" and e.date < index}
    for e in events:
        if e.kind == "termination" and e.date >= index:
            leaving.setdefault(e.person_id, e.date)
        if e.kind == kind and e.date > index:
            firsts.setdefault(e.person_id, e.date)
    out = []
    for p in Person.objects.filter(hire_date__lte=index):
        if p.pk in left_before or (p.pk in enrolled and p.pk not in treated):
            continue
        end = min(leaving.get(p.pk, today), today)
        event = firsts.get(p.pk)
        out.append(
            Subject(
                id=p.pk,
                treated=p.pk in treated,
                department=p.department or "",
                level=str(p.job_level or ""),
                tenure_band=tenure_band((index - p.hire_date).days / 365.25),
                location=p.location or "",
                followed_days=float((end - index).days),
                event_day=float((event - index).days) if event else None,
            )
        )
    return out


@pytest.fixture
def program(monkeypatch):
    FrozenClock(monkeypatch, NOW)
    rng = random.Random(5)
    program = ProgramFactory(starts_on=START)
    # Hire dates on either side of every band's limit, and people hired after the index date.
    hires = [START - dt.timedelta(days=d) for d in (0, 365, 366, 1095, 1096, 1826, 1827)]
    hires += [START - dt.timedelta(days=d) for d in (3652, 3653, 5000)] + [START, NOW.date()]
    Person.objects.bulk_create(
        Person(
            employee_id=f"C{i}",
            email=f"c{i}@example.test",
            full_name=f"Person {i}",
            department=rng.choice(["Sales", "Ops", ""]),
            location=rng.choice(["Leeds", ""]),
            job_level=rng.choice([None, 2, 3]),
            hire_date=rng.choice(hires),
        )
        for i in range(400)
    )
    people = list(Person.objects.filter(employee_id__startswith="C"))
    statuses = ["matched", "approved", "withdrawn", "applied"]
    Participant.objects.bulk_create(
        Participant(
            program=program,
            person=p,
            role=rng.choice(["mentee", "mentee", "mentor"]),
            status=rng.choice(statuses),
        )
        for p in rng.sample(people, 160)
    )
    # Days around the index date and the 6/12-month horizons (182.64, 365.28 days).
    days = [-30, 0, 1, 182, 183, 365, 366, 400, 800]
    days += [rng.randint(-100, (NOW.date() - START).days) for _ in range(6)]
    events = set()
    for p in people:
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            kind = rng.choice(["termination", "promotion", "move"])
            date = START + dt.timedelta(days=rng.choice(days))
            if date <= NOW.date():
                events.add((p.pk, kind, date))
    HREvent.objects.bulk_create(
        HREvent(person_id=pk, kind=kind, date=date, new_level=9 if kind == "promotion" else None)
        for pk, kind, date in events
    )
    return program


@pytest.mark.parametrize("outcome", ["retention", "promotion", "move"])
@pytest.mark.parametrize("months", [6, 12, 24])
def test_the_database_groups_people_exactly_as_the_plain_definition(program, outcome, months):
    kind = {"retention": "termination"}.get(outcome, outcome)
    horizon = months * 30.44
    expected = cells(_reference(program, kind), horizon)
    assert outcome_cells(program, outcome, horizon) == expected
    assert sum(c.count for c in expected) > 200


def test_kaplan_meier_on_grouped_times_equals_kaplan_meier_on_each_person():
    rng = random.Random(2)
    people = [
        Subject(i, True, "Sales", "2", "1-3y", "Leeds", rng.choice([100.0, 400.0]), day)
        for i, day in enumerate(rng.choice([None, *range(1, 30)]) for _ in range(300))
    ]
    for i in range(300):
        people.append(Subject(1000 + i, False, "Sales", "2", "1-3y", "Leeds", 400.0, None))
    curve = compare(people, horizon_days=365).curves["participants"]
    times = [min(s.event_day or s.followed_days, 365) for s in people[:300]]
    status = [int(s.event_day is not None) for s in people[:300]]
    fit = SurvfuncRight(times, status)
    assert [p["day"] for p in curve[1:]] == list(fit.surv_times)
    assert [p["survival"] for p in curve[1:]] == pytest.approx(list(fit.surv_prob))
