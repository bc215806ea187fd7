"""Benchmark the insights queries on PostgreSQL: a program dashboard, the organisation view
and the outcome comparison, for an organisation of N people, P participants and two years of
HR events. Prints seconds and SQL queries per page (target: under 2 s).

Needs an empty PostgreSQL database it may fill (it migrates it first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \\
        .venv/bin/python benchmarks/insights.py --people 200000 --participants 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

TODAY = dt.date(2026, 12, 1)
DEPARTMENTS = ["Sales", "Engineering", "Finance", "Support", "Operations", "Legal", "HR", "Product"]
LOCATIONS = ["London", "Leeds", "Paris", "Madrid", "New York", "Tokyo"]


def _setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to an empty PostgreSQL database.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.config.settings"
    src = Path(__file__).resolve().parent.parent / "src"
    sys.path.insert(0, str(src))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _build(people: int, participants: int, seed: int = 1) -> int:
    from tandem.people.models import HREvent, Person
    from tandem.programs.models import Participant, Program

    rng = random.Random(seed)
    Person.objects.filter(employee_id__startswith="B").delete()
    Program.objects.filter(name="Benchmark program").delete()
    batch = []
    for i in range(people):
        batch.append(
            Person(
                employee_id=f"B{i}",
                email=f"b{i}@bench.test",
                full_name=f"Person {i}",
                department=rng.choice(DEPARTMENTS),
                location=rng.choice(LOCATIONS),
                job_level=rng.randint(1, 8),
                hire_date=TODAY - dt.timedelta(days=rng.randint(800, 6000)),
            )
        )
    Person.objects.bulk_create(batch, batch_size=5000)
    ids = list(Person.objects.filter(employee_id__startswith="B").values_list("pk", flat=True))
    program = Program.objects.create(
        name="Benchmark program",
        status=Program.Status.ACTIVE,
        starts_on=TODAY - dt.timedelta(days=730),
        ends_on=TODAY - dt.timedelta(days=365),
    )
    chosen = set(rng.sample(ids, participants))
    Participant.objects.bulk_create(
        [
            Participant(program=program, person_id=pk, role="mentee", status="matched")
            for pk in chosen
        ],
        batch_size=5000,
    )
    events = []
    for pk in ids:
        if rng.random() < 0.25 - (0.03 if pk in chosen else 0):
            day = TODAY - dt.timedelta(days=rng.randint(1, 729))
            events.append(HREvent(person_id=pk, kind="termination", date=day))
        elif rng.random() < 0.15:
            day = TODAY - dt.timedelta(days=rng.randint(1, 729))
            events.append(HREvent(person_id=pk, kind="move", date=day, new_department="Product"))
    HREvent.objects.bulk_create(events, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    return program.pk


def _reused(people: int, participants: int):  # type: ignore[no-untyped-def]
    """The benchmark program of an earlier run when its data have the asked size."""
    from tandem.people.models import Person
    from tandem.programs.models import Program

    program = Program.objects.filter(name="Benchmark program").first()
    if program is None or program.participants.count() != participants:
        return None
    if Person.objects.filter(employee_id__startswith="B").count() != people:
        return None
    print(f"reusing {people:,} people, {participants:,} participants")
    return program


def _measure(label: str, fn) -> tuple[str, float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        fn()
        seconds = time.perf_counter() - start
    return label, seconds, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data of an earlier run of the same size"
    )
    args = parser.parse_args()
    _setup()
    from unittest import mock

    from tandem.core import clock
    from tandem.insights.kpis import program_kpis
    from tandem.insights.outcome_data import program_outcome
    from tandem.programs.models import Program

    program = _reused(args.people, args.participants) if args.reuse else None
    if program is None:
        start = time.perf_counter()
        program = Program.objects.get(pk=_build(args.people, args.participants))
        print(
            f"built {args.people:,} people, {args.participants:,} participants "
            f"in {time.perf_counter() - start:.0f} s"
        )
    with mock.patch.object(clock, "today", lambda: TODAY):
        rows = [
            _measure("program dashboard", lambda: program_kpis(program)),
            _measure(
                "outcome: retention, 12 months", lambda: program_outcome(program, "retention", 12)
            ),
            _measure("outcome: move, 24 months", lambda: program_outcome(program, "move", 24)),
        ]
    print(
        f"\n| page ({args.people:,} people, {args.participants:,} participants) "
        "| seconds | queries |"
    )
    print("| --- | ---: | ---: |")
    for label, seconds, queries in rows:
        print(f"| {label} | {seconds:.2f} | {queries} |")


if __name__ == "__main__":
    main()
