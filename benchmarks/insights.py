"""Benchmark the insights pages on PostgreSQL: the organisation dashboard, a program
dashboard, the outcome comparison and the reach and culture page, for an organisation of N
people, P participants (half mentors, half mentees, paired) and two years of HR events,
meetings, pulses, goals and mentoring moments. Each page is requested through Django's test
client as a leader (views, queries and templates). Prints seconds and SQL queries per page
(target: under 2 s).

Needs an empty PostgreSQL database it may fill (it migrates it first):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \\
        .venv/bin/python benchmarks/insights.py --people 200000 --participants 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
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
    from django.conf import settings

    # The pages render with the plain static storage (no collectstatic manifest needed).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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


END_REASONS = ["Moved team", "Left the company", "No time", "Not a good fit", "Goals met early"]


def _build_activity(program_id: int, seed: int = 2) -> None:
    """Two years of mentoring in the program: every second participant a mentor, each mentor
    paired with one mentee, meetings every two weeks (most held, half with a pulse), three
    goals per pair, confirmed mentoring moments; people with a past termination marked
    terminated."""
    from django.db import connection

    from tandem.accounts.models import User
    from tandem.learning.models import Moment
    from tandem.people.models import HREvent, Person
    from tandem.programs.models import Participant
    from tandem.relationships.models import Goal, Meeting, Pulse, Relationship, RelationshipMember

    rng = random.Random(seed)
    User.objects.get_or_create(email="leader@bench.test", defaults={"is_leader": True})
    ended = HREvent.objects.filter(kind="termination", date__lt=TODAY).values("person_id")
    Person.objects.filter(employee_id__startswith="B", pk__in=ended).update(status="terminated")
    parts = list(
        Participant.objects.filter(program_id=program_id)
        .order_by("pk")
        .values_list("pk", "person_id")
    )
    mentors, mentees = parts[1::2], parts[0::2]
    Participant.objects.filter(pk__in=[pk for pk, _ in mentors]).update(role="mentor")
    start = TODAY - dt.timedelta(days=730)
    rels = []
    for _ in range(min(len(mentors), len(mentees))):
        begun = start + dt.timedelta(days=rng.randint(14, 90))
        status = rng.choices(["completed", "ended", "active", "paused"], [70, 15, 10, 5])[0]
        stop = (
            begun + dt.timedelta(days=rng.randint(60, 365))
            if status in {"completed", "ended"}
            else None
        )
        rels.append(
            Relationship(
                program_id=program_id,
                status=status,
                started_on=begun,
                ended_on=stop,
                end_reason=rng.choice(END_REASONS) if status == "ended" else "",
                health=rng.randint(0, 100),
            )
        )
    Relationship.objects.bulk_create(rels, batch_size=5000)
    members, goals, meetings = [], [], []
    for rel, (mentor, mentee) in zip(rels, zip(mentors, mentees, strict=False), strict=False):
        members.append(
            RelationshipMember(relationship=rel, participant_id=mentor[0], role="mentor")
        )
        members.append(
            RelationshipMember(relationship=rel, participant_id=mentee[0], role="mentee")
        )
        for i in range(3):
            goals.append(
                Goal(
                    relationship=rel,
                    author_id=mentee[1],
                    title=f"Goal {i}",
                    status=rng.choice(["achieved", "active", "achieved", "dropped"]),
                    due_on=rel.started_on + dt.timedelta(days=90 * (i + 1)),
                )
            )
        day, last = rel.started_on, min(rel.ended_on or TODAY, TODAY)
        while day < last:
            at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
            meetings.append(
                Meeting(
                    relationship=rel,
                    starts_at=at,
                    status=rng.choices(["held", "cancelled", "no_show"], [85, 10, 5])[0],
                )
            )
            day += dt.timedelta(days=14)
    RelationshipMember.objects.bulk_create(members, batch_size=5000)
    Goal.objects.bulk_create(goals, batch_size=5000)
    Meeting.objects.bulk_create(meetings, batch_size=5000)
    mentee_of = {
        rel.pk: mentee[1]
        for rel, (_, mentee) in zip(rels, zip(mentors, mentees, strict=False), strict=False)
    }
    pulses = [
        Pulse(meeting=m, person_id=mentee_of[m.relationship_id], rating=rng.randint(2, 5))
        for m in meetings
        if m.status == "held" and rng.random() < 0.5
    ]
    Pulse.objects.bulk_create(pulses, batch_size=5000)
    people = [pk for _, pk in parts]
    moments = []
    for _ in range(len(parts)):
        giver, receiver = rng.sample(people, 2)
        moments.append(
            Moment(
                giver_id=giver,
                receiver_id=receiver,
                logged_by_id=giver,
                happened_on=TODAY - dt.timedelta(days=rng.randint(1, 700)),
                status="confirmed",
            )
        )
    Moment.objects.bulk_create(moments, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(client, label: str, url: str, repeat: int) -> tuple[str, float, float, float, int]:  # type: ignore[no-untyped-def]
    """The page's median and best seconds over ``repeat`` requests, its best CPU seconds
    (this process and the database backend together: what other jobs on a shared machine
    do not inflate) and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            db_start, start, cpu_start = _backend_cpu(), time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start + _backend_cpu() - db_start)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        queries = len(captured.captured_queries) - 2  # less the two backend CPU readings
    return label, statistics.median(times), min(times), min(cpu), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="requests per page (default 3)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data of an earlier run of the same size"
    )
    args = parser.parse_args()
    _setup()
    from unittest import mock

    from django.test import Client

    from tandem.accounts.models import User
    from tandem.core import clock
    from tandem.programs.models import Program

    program = _reused(args.people, args.participants) if args.reuse else None
    if program is None:
        start = time.perf_counter()
        program = Program.objects.get(pk=_build(args.people, args.participants))
        print(
            f"built {args.people:,} people, {args.participants:,} participants "
            f"in {time.perf_counter() - start:.0f} s"
        )
    if not program.relationships.exists():
        start = time.perf_counter()
        _build_activity(program.pk)
        print(f"built two years of mentoring in {time.perf_counter() - start:.0f} s")
    client = Client()
    client.force_login(User.objects.get(email="leader@bench.test"))
    base = f"/insights/programs/{program.pk}/"
    pages = [
        ("organisation dashboard", "/insights/"),
        ("program dashboard", base),
        ("outcome: retention, 12 months", f"{base}outcomes/?outcome=retention&months=12"),
        ("outcome: move, 24 months", f"{base}outcomes/?outcome=move&months=24"),
        ("reach and culture: all programs", "/insights/reach/"),
        (
            "reach and culture: the program, by level",
            f"/insights/reach/?program={program.pk}&by=level",
        ),
    ]
    with mock.patch.object(clock, "today", lambda: TODAY):
        client.get("/insights/")  # warm up: template loading, first connection
        rows = [_measure(client, label, url, args.repeat) for label, url in pages]
    print(
        f"\n| page ({args.people:,} people, {args.participants:,} participants) "
        f"| median s ({args.repeat} runs) | best s | CPU s | queries |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, median, best, cpu, queries in rows:
        print(f"| {label} | {median:.2f} | {best:.2f} | {cpu:.2f} | {queries} |")


if __name__ == "__main__":
    main()
