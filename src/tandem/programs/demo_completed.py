"""Demo step: an earlier cycle of the cross-functional exchange that ran and completed, and the
HR events of the fifteen months after it, so the outcome page has a real comparison.

- The cycle ("Cross-functional exchange — <year> cohort") started ``STARTED_DAYS_AGO`` days
  (about 27 months) before today and ran for 26 weeks: it completed about 21 months ago.
  It is closed; its mentees and mentors are matched (the relationships step pairs them).
- The organisation is larger than the people the other steps use: ``WORKFORCE_PER_PERSON``
  more employees per demo person, between ``MIN_WORKFORCE`` and ``MAX_WORKFORCE`` (no login,
  no profile; a small demo still has a comparison worth showing), all employed when the
  cycle started
  — the colleagues the outcome comparison draws from. Their hire dates give tenure bands
  like the rest of the demo's.
- About one in ten of everyone employed on the start date (level 2 and up, never a demo
  login) took part as a mentee; mentors are seniors who did not.
- Between the start and the past year (where ``people.demo_events`` takes over) the added
  employees have terminations, promotions and moves with a small planted effect: leaving
  within twelve months 12 % for mentees against 17 % for the others, promotion 12 % against
  9 %. The people of the earlier steps have no HR events in that window (they are still
  here, in today's programs), in both groups alike.

Everything is drawn from generators seeded by the demo's seed (``random`` and Faker), so the
same seed gives the same cohort and the steps before it are left as they were.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from faker import Faker

from tandem.people.demo import DEPARTMENTS, OFFICES
from tandem.people.models import HREvent, Person

from . import services
from .models import Participant, Program

STARTED_DAYS_AGO = 820  # about 27 months; the 26-week cycle completed about 21 months ago
WEEKS = 26
WORKFORCE_PER_PERSON = 7
MIN_WORKFORCE, MAX_WORKFORCE = 2000, 5000
FIRST_ID = 100000  # employee ids E100000 on: the people step's end at E30000
MENTEE_SHARE = 0.1
LEAVE_WITHIN_YEAR = {True: 0.12, False: 0.17}  # mentee or not
PROMOTED = {True: 0.12, False: 0.09}
MOVED = 0.05
LATER_LEAVERS = 0.03  # leave after the first year, before the past year's events begin
VOLUNTARY = 0.75
TENURE_YEARS = ([0, 1, 2, 3, 5, 8], [2, 3, 3, 3, 2, 1])  # years employed on the start date
LEVELS = ([1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 4, 4, 3, 2, 1, 1])
NAME = "Cross-functional exchange — {year} cohort"


def cycle_dates(today: dt.date) -> dict[str, dt.date]:
    starts = today - dt.timedelta(days=STARTED_DAYS_AGO)
    return {
        "enrollment_opens": starts - dt.timedelta(days=32),
        "enrollment_closes": starts - dt.timedelta(days=11),
        "matching_date": starts - dt.timedelta(days=7),
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(weeks=WEEKS),
    }


def build(ctx: Any) -> None:
    if not all(k in ctx.logins for k in ("admin", "manager")):
        ctx.say("  completed cycle: skipped (the demo logins are missing)")
        return
    dates = cycle_dates(ctx.today)
    name = NAME.format(year=dates["starts_on"].year)
    earlier = Program.objects.filter(name=name, participants__isnull=False).first()
    if earlier is not None:
        ctx.programs["completed"] = earlier
        ctx.say("  completed cycle: already there")
        return
    rng = random.Random(f"{ctx.seed}:completed-cycle")
    workforce = _workforce(ctx, rng, dates["starts_on"])
    program = _program(ctx, dates)
    mentees = _participants(ctx, rng, program, dates["starts_on"])
    events = _history(ctx, rng, workforce, mentees, dates["starts_on"])
    ctx.programs["completed"] = program
    _link_next_cycle(ctx, program)
    ctx.say(
        f"  completed cycle: {program.name} ({len(mentees)} mentees), "
        f"{len(workforce)} more employees, {events} HR events after it"
    )


def _link_next_cycle(ctx: Any, program: Program) -> None:
    """Today's enrolling exchange is the next cycle of this one (its success stories may
    launch it: ``learning.demo_stories``)."""
    enrolling = ctx.programs.get("enrolling")
    if enrolling is not None and enrolling.template_key == program.template_key:
        Program.objects.filter(pk=enrolling.pk, previous_cycle=None).update(
            previous_cycle=program, cycle_number=program.cycle_number + 1
        )


def _program(ctx: Any, dates: dict[str, dt.date]) -> Program:
    admin, manager = ctx.logins["admin"], ctx.logins["manager"]
    program = services.create_program(
        actor=admin.user,
        data={
            **dates,
            "name": NAME.format(year=dates["starts_on"].year),
            "manager_ids": [manager.pk],
        },
        template_key="cross_functional_exchange",
    )
    for status in ("enrolling", "matching", "active", "closed"):
        program = services.change_program_status(actor=admin.user, program=program, status=status)
    created = dt.datetime.combine(dates["enrollment_opens"], dt.time(9), tzinfo=dt.UTC)
    closed = dt.datetime.combine(dates["ends_on"], dt.time(17), tzinfo=dt.UTC)
    Program.objects.filter(pk=program.pk).update(created_at=created, updated_at=closed)
    program.refresh_from_db()
    return program


def _workforce(ctx: Any, rng: random.Random, starts: dt.date) -> list[Person]:
    """Employees beyond the demo's people, each under a manager of their department."""
    faker = Faker(["en_GB", "en_US"])
    faker.seed_instance(f"{ctx.seed}:completed-cycle")
    managers: dict[str, list[Person]] = {}
    for p in ctx.people:
        if 7 <= (p.job_level or 0) <= 10:
            managers.setdefault(p.department, []).append(p)
    departments = [d for d in DEPARTMENTS if d in managers]
    weights = [DEPARTMENTS[d]["weight"] for d in departments]
    people = []
    count = min(max(WORKFORCE_PER_PERSON * ctx.size, MIN_WORKFORCE), MAX_WORKFORCE)
    for n in range(FIRST_ID, FIRST_ID + count):
        dept = rng.choices(departments, weights=weights)[0]
        level = rng.choices(*LEVELS)[0]
        manager = rng.choice(managers[dept])
        people.append(
            _employee(rng, faker, n, dept=dept, level=level, starts=starts, manager=manager)
        )
    return Person.objects.bulk_create(people, batch_size=1000)


def _employee(
    rng: random.Random,
    faker: Faker,
    n: int,
    *,
    dept: str,
    level: int,
    starts: dt.date,
    manager: Person,
) -> Person:
    location, tz, language = OFFICES[rng.randrange(len(OFFICES))]
    first, last = faker.first_name(), faker.last_name()
    years = rng.choices(*TENURE_YEARS)[0]
    hired = starts - dt.timedelta(days=years * 365 + rng.randrange(1, 360))
    role = DEPARTMENTS[dept]["roles"][1 if level >= 7 else 0]
    return Person(
        employee_id=f"E{n}",
        email=f"{first}.{last}.{n}@example.com".lower(),
        full_name=f"{first} {last}",
        title=f"{'Senior ' if 5 <= level < 7 else ''}{role}",
        department=dept,
        location=location,
        time_zone=tz,
        hire_date=hired,
        employment_start=hired,
        job_level=level,
        languages=["English"] + ([language] if language and rng.random() < 0.7 else []),
        manager=manager,
    )


def _participants(ctx: Any, rng: random.Random, program: Program, starts: dt.date) -> set[int]:
    """Mentees: one in ten of everyone employed on the start date (level 2 and up); mentors:
    seniors who were not mentees, one for every two mentees."""
    logins = {p.pk for p in ctx.logins.values()}
    employed = list(
        Person.objects.filter(hire_date__lte=starts, status=Person.Status.ACTIVE)
        .exclude(pk__in=logins)
        .order_by("pk")
        .values_list("pk", "job_level")
    )
    mentees = [pk for pk, level in employed if (level or 0) >= 2 and rng.random() < MENTEE_SHARE]
    taken = set(mentees)
    seniors = [pk for pk, level in employed if (level or 0) >= 6 and pk not in taken]
    mentors = rng.sample(seniors, min(len(seniors), (len(mentees) + 1) // 2))
    manager, decided = (
        ctx.logins["manager"],
        dt.datetime.combine(starts - dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC),
    )
    rows = [
        Participant(
            program=program,
            person_id=pk,
            role=role,
            status=Participant.Status.MATCHED,
            capacity=2 if role == "mentor" else 1,
            decided_by=manager,
            decided_at=decided,
        )
        for role, people in (("mentee", mentees), ("mentor", mentors))
        for pk in people
    ]
    Participant.objects.bulk_create(rows, batch_size=1000)
    applied = decided - dt.timedelta(days=14)
    Participant.objects.filter(program=program).update(created_at=applied, updated_at=decided)
    return taken


def _history(
    ctx: Any, rng: random.Random, workforce: list[Person], mentees: set[int], starts: dt.date
) -> int:
    """Terminations, promotions and moves of the added employees from the start date up to
    the past year; those who left are marked as left."""
    last_day = (ctx.today - dt.timedelta(days=366) - starts).days
    events: list[HREvent] = []
    leavers: list[Person] = []
    for person in workforce:
        took_part = person.pk in mentees
        roll, left_on = rng.random(), None
        if roll < LEAVE_WITHIN_YEAR[took_part]:
            left_on = starts + dt.timedelta(days=rng.randint(1, 365))
        elif roll < LEAVE_WITHIN_YEAR[took_part] + LATER_LEAVERS:
            left_on = starts + dt.timedelta(days=rng.randint(366, last_day))
        end = (left_on - starts).days - 1 if left_on else last_day
        level = person.job_level or 0
        if end >= 1 and level < 7 and rng.random() < PROMOTED[took_part]:
            day = starts + dt.timedelta(days=rng.randint(1, end))
            events.append(HREvent(person=person, kind="promotion", date=day, new_level=level + 1))
        if end >= 1 and rng.random() < MOVED:
            day = starts + dt.timedelta(days=rng.randint(1, end))
            new = rng.choice([d for d in DEPARTMENTS if d != person.department])
            events.append(HREvent(person=person, kind="move", date=day, new_department=new))
        if left_on:
            voluntary = rng.random() < VOLUNTARY
            events.append(
                HREvent(person=person, kind="termination", date=left_on, voluntary=voluntary)
            )
            person.status, person.employment_end = Person.Status.TERMINATED, left_on
            leavers.append(person)
    HREvent.objects.bulk_create(events, batch_size=1000)
    Person.objects.bulk_update(leavers, ["status", "employment_end"], batch_size=1000)
    return len(events)
