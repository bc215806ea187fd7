"""The deployment path past SQLite: tasks queued in Redis, run by a real ``tandem worker``
with two worker threads. Every notification is emailed exactly once (issue 15, "Also").

Real processes: a seeding process queues the tasks through ``notify()`` (as a request would,
after commit), then ``tandem worker`` drains Redis. Skipped unless REDIS_URL is set; .ci/run
sets it for a pass of its own.
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

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not REDIS_URL, reason="set REDIS_URL to test the Redis queue"),
]

PEOPLE = 40
SEED = f"""
import django
django.setup()
from django.db import transaction
from tandem.engagement.services import notify
from tandem.people.models import Person

people = Person.objects.bulk_create(
    [Person(employee_id=f"E{{i}}", email=f"p{{i}}@example.org", full_name=f"P {{i}}")
     for i in range({PEOPLE})]
)
for person in people:  # one transaction (and one queued task) each, as requests would
    with transaction.atomic():
        notify(recipients=[person], kind="match", title="You have a match")
"""


def _env(tmp_path: Path) -> dict[str, str]:
    # Not TANDEM_TESTING (the test settings set it): that makes huey run tasks immediately.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TANDEM_TESTING"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tandem.config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'tandem.sqlite3'}",
        TANDEM_DATA_DIR=str(tmp_path),
        EMAIL_URL=f"file://{tmp_path / 'mail'}",
        REDIS_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
    )
    return env


def _run(code: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)


def _states(db: Path) -> dict[str, int]:
    with sqlite3.connect(db, timeout=5) as conn:
        rows = conn.execute(
            "select email_state, count(*) from engagement_notification group by email_state"
        ).fetchall()
    return dict(rows)


def test_two_redis_workers_email_every_queued_notification_exactly_once(tmp_path):
    env = _env(tmp_path)
    tandem = str(Path(sys.executable).with_name("tandem"))
    _run("import os, redis; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()", env)
    subprocess.run([tandem, "migrate", "-v0"], env=env, check=True, timeout=300)
    _run(SEED, env)
    assert _states(tmp_path / "tandem.sqlite3") == {"pending": PEOPLE}  # queued, not yet sent

    worker = subprocess.Popen(
        [tandem, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _states(tmp_path / "tandem.sqlite3") != {
            "sent": PEOPLE
        }:
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGINT)
        _, errors = worker.communicate(timeout=30)
    assert _states(tmp_path / "tandem.sqlite3") == {"sent": PEOPLE}, errors.decode()[-2000:]
    emails = list((tmp_path / "mail").iterdir())
    recipients = [
        line for f in emails for line in f.read_text().splitlines() if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(f"To: p{i}@example.org" for i in range(PEOPLE))
