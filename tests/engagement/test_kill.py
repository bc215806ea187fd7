"""A worker killed mid-batch, then restarted, sends no duplicate and misses none.

Real processes on a real SQLite file: one process evaluates the rules (slowed down a little
so the test can catch it in the middle) and is killed with SIGKILL; a second run finishes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PAIRS = 300
SEED = f"""
import datetime as dt
import django
django.setup()
from tandem.people.models import Person
from tandem.programs.models import Participant, Program
from tandem.relationships.models import Relationship, RelationshipMember

program = Program.objects.create(name="Grow", status="active", meeting_cadence_days=14)
people = Person.objects.bulk_create(
    [Person(employee_id=f"E{{i}}", email=f"p{{i}}@example.org", full_name=f"P {{i}}")
     for i in range({PAIRS} * 2)]
)
parts = Participant.objects.bulk_create(
    [Participant(program=program, person=p, role=("mentor", "mentee")[i % 2], status="matched")
     for i, p in enumerate(people)]
)
rels = Relationship.objects.bulk_create(
    [Relationship(program=program, status="active", started_on=dt.date(2025, 1, 6))
     for _ in range({PAIRS})]
)
RelationshipMember.objects.bulk_create(
    [RelationshipMember(relationship=r, participant=parts[2 * i + k], role=("mentor", "mentee")[k])
     for i, r in enumerate(rels) for k in (0, 1)]
)
"""
SLOW_RUN = """
import time
import django
django.setup()
from tandem.engagement.nudging import engine
original = engine._deliver
def slow(rule, item):
    time.sleep(0.004)
    return original(rule, item)
engine._deliver = slow
from django.core.management import call_command
call_command("nudges", "--as-of", "2025-04-01", "--rule", "no_meeting")
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tandem.config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'tandem.sqlite3'}",
        TANDEM_DATA_DIR=str(tmp_path),
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
    )
    return env


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db, timeout=5) as conn:
        logs = conn.execute("select count(*) from engagement_nudgelog").fetchone()[0]
        notes = conn.execute("select count(*) from engagement_notification").fetchone()[0]
    return logs, notes


def test_a_killed_evaluation_resumes_without_duplicates_or_gaps(tmp_path):
    env = _env(tmp_path)
    python = sys.executable
    subprocess.run([python, "-m", "tandem.cli.main", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([python, "-c", SEED], env=env, check=True)
    db = tmp_path / "tandem.sqlite3"
    worker = subprocess.Popen([python, "-c", SLOW_RUN], env=env)
    deadline = time.monotonic() + 60
    while _counts(db)[0] < 100 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    logs, notes = _counts(db)
    assert 100 <= logs < PAIRS, "the worker was not caught mid-batch"
    assert notes == 2 * logs  # whole chunks only: every logged nudge has both its messages
    subprocess.run(
        [python, "-m", "tandem.cli.main", "nudges", "--as-of", "2025-04-01"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert _counts(db) == (PAIRS, 2 * PAIRS)
    with sqlite3.connect(db) as conn:
        per_person = conn.execute(
            "select max(c) from"
            " (select count(*) c from engagement_notification group by recipient_id)"
        ).fetchone()[0]
    assert per_person == 1
