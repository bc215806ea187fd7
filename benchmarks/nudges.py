"""Benchmark the nudge evaluation: every rule over an organisation of N people and M
relationships, on a fresh SQLite database per size.

Per size it prints the seconds and the SQL queries of a dry run (find what is due, in bulk)
and of the real run that sends it (log rows, notifications, outbox), and how many nudges
were due. The dry run's queries must not grow with the number of relationships.

    .venv/bin/python benchmarks/nudges.py                       # 2,000/500 … 20,000/5,000
    .venv/bin/python benchmarks/nudges.py --sizes 20000:5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SIZES = ["2000:500", "8000:2000", "20000:5000"]
ZONES = [
    "Europe/London",
    "Europe/Madrid",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
]
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def _setup_django(data_dir: Path) -> None:
    os.environ["TANDEM_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_URL"] = "locmem://"
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def build(people: int, relationships: int, seed: int = 7) -> None:
    """A realistic spread: active programs with different cadences, meetings held long ago
    or recently, some scheduled for tomorrow, pulses, goals due, pending matches,
    applications waiting and a program about to match."""
    from tandem.people.models import Person
    from tandem.programs.models import Participant, Program
    from tandem.relationships.models import Goal, Meeting, Pulse, Relationship, RelationshipMember

    rng = random.Random(seed)
    persons = Person.objects.bulk_create(
        [
            Person(
                employee_id=f"E{i}",
                email=f"p{i}@example.org",
                full_name=f"Person {i}",
                time_zone=rng.choice(ZONES),
            )
            for i in range(people)
        ],
        batch_size=2000,
    )
    programs = [
        Program.objects.create(
            name=f"Program {k}",
            status="active",
            meeting_cadence_days=c,
            starts_on=NOW.date() - dt.timedelta(days=150),
        )
        for k, c in enumerate((14, 21, 28, 30))
    ]
    enrolling = Program.objects.create(
        name="Next cohort", status="enrolling", matching_date=NOW.date() + dt.timedelta(days=5)
    )
    managers = persons[:8]
    for k, program in enumerate([*programs, enrolling]):
        program.managers.set(managers[k : k + 2])
    parts = Participant.objects.bulk_create(
        [
            Participant(
                program=programs[i % 4],
                person=persons[8 + 2 * i + r],
                role=("mentor", "mentee")[r],
                status="matched",
            )
            for i in range(relationships)
            for r in (0, 1)
        ],
        batch_size=2000,
    )
    rest = persons[8 + 2 * relationships :]
    Participant.objects.bulk_create(
        [
            Participant(
                program=enrolling,
                person=p,
                role=rng.choice(["mentor", "mentee"]),
                status=rng.choice(["applied", "approved"]),
            )
            for p in rest[: people // 20]
        ],
        batch_size=2000,
    )
    rels = Relationship.objects.bulk_create(
        [
            Relationship(
                program=programs[i % 4],
                status="pending" if i % 20 == 0 else "active",
                started_on=NOW.date() - dt.timedelta(days=rng.randint(5, 140)),
            )
            for i in range(relationships)
        ],
        batch_size=2000,
    )
    RelationshipMember.objects.bulk_create(
        [
            RelationshipMember(
                relationship=r, participant=parts[2 * i + k], role=("mentor", "mentee")[k]
            )
            for i, r in enumerate(rels)
            for k in (0, 1)
        ],
        batch_size=2000,
    )
    meetings, goals = [], []
    for r in rels:
        for _ in range(rng.randint(0, 4)):
            meetings.append(
                Meeting(
                    relationship=r,
                    status="held",
                    time_zone="UTC",
                    starts_at=NOW - dt.timedelta(days=rng.randint(1, 90), hours=rng.randint(0, 9)),
                )
            )
        if rng.random() < 0.4:
            meetings.append(
                Meeting(
                    relationship=r,
                    status="scheduled",
                    time_zone="UTC",
                    starts_at=NOW + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23)),
                )
            )
        if rng.random() < 0.7:
            goals.append(
                Goal(
                    relationship=r,
                    author=persons[0],
                    title="Grow",
                    metric="m",
                    plan="p",
                    relevance="r",
                    due_on=NOW.date() + dt.timedelta(days=rng.randint(-20, 60)),
                    progress=rng.randint(0, 90),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Goal.objects.bulk_create(goals, batch_size=2000)
    members = {
        m.relationship_id: m.participant.person_id
        for m in RelationshipMember.objects.filter(role="mentee").select_related("participant")
    }
    Pulse.objects.bulk_create(
        [
            Pulse(meeting=m, person_id=members[m.relationship_id], rating=rng.randint(1, 5))
            for m in Meeting.objects.filter(status="held")
            if rng.random() < 0.5
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def measure(people: int, relationships: int) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tandem.engagement.nudging.engine import evaluate

    started = time.perf_counter()
    build(people, relationships)
    built = time.perf_counter() - started
    reverse("web:home")  # load the URLconf once, as a running worker has
    with CaptureQueriesContext(connection) as dry_queries:
        started = time.perf_counter()
        dry = evaluate(now=NOW, dry_run=True)
        dry_seconds = time.perf_counter() - started
    with CaptureQueriesContext(connection) as send_queries:
        started = time.perf_counter()
        sent = evaluate(now=NOW)
        send_seconds = time.perf_counter() - started
    return {
        "people": people,
        "relationships": relationships,
        "build_s": round(built, 1),
        "due": sum(dry.due.values()),
        "dry_s": round(dry_seconds, 2),
        "dry_q": len(dry_queries),
        "sent": sum(sent.sent.values()),
        "messages": sum(sent.messages.values()),
        "send_s": round(send_seconds, 2),
        "send_q": len(send_queries),
        "per_rule": dict(dry.due),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=DEFAULT_SIZES, help="people:relationships")
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        people, relationships = (int(x) for x in args.one.split(":"))
        with tempfile.TemporaryDirectory(prefix="tandem-nudge-bench-") as tmp:
            _setup_django(Path(tmp))
            print(json.dumps(measure(people, relationships)))
        return
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", size], check=True, capture_output=True, text=True
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{'people':>7} {'relationships':>13} {'due':>6} {'dry-run s':>9} {'dry-run queries':>15}"
        f" {'send s':>7} {'send queries':>12} {'messages':>8}"
    )
    for r in rows:
        print(
            f"{r['people']:>7} {r['relationships']:>13} {r['due']:>6} {r['dry_s']:>9}"
            f" {r['dry_q']:>15} {r['send_s']:>7} {r['send_q']:>12} {r['messages']:>8}"
        )
    print("due per rule at the largest size:", rows[-1]["per_rule"])


if __name__ == "__main__":
    main()
