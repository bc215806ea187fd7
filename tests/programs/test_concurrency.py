"""Duplicate enrolment is impossible even when two requests race (a database constraint).

On SQLite the suite's test database lives in memory with a shared cache, where concurrent
writers fail with "table is locked" instead of waiting as they do on a real file. So the
SQLite race runs on a file copy of the test database, opened the way production opens it
(WAL, busy timeout, IMMEDIATE transactions). The PostgreSQL variant runs when DATABASE_URL
points at PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from tandem.core.errors import ConflictError
from tandem.programs import services
from tandem.programs.models import Participant
from tests.factories import EmployeeFactory

from .factories import ProgramFactory


def _race(program_id: int, user_id: int, attempts: int = 2) -> list[Any]:
    """Run ``attempts`` enrolments of the same person at once; return each outcome."""
    from tandem.accounts.models import User
    from tandem.programs.models import Program

    barrier = threading.Barrier(attempts)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            user = User.objects.get(pk=user_id)
            program = Program.objects.get(pk=program_id)
            barrier.wait(timeout=10)
            result: Any = services.enroll_participant(actor=user, program=program, role="mentee")
        except ConflictError as exc:
            result = exc
        except Exception as exc:  # report anything else as a failure below
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@contextmanager
def _threads_use_a_file_copy(directory: Path) -> Iterator[None]:
    """New connections (the racing threads') open a file copy of the in-memory test DB."""
    path = directory / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # WAL before the threads open it: switching journal mode needs the file to itself, and
    # three connections switching at once made one fail with "database is locked".
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings = connections.settings["default"]
    original = settings["NAME"]
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = original


def _count_in_thread(person_id: int) -> int:
    box: list[int] = []

    def count() -> None:
        box.append(Participant.objects.filter(person_id=person_id).count())
        connections.close_all()

    thread = threading.Thread(target=count)
    thread.start()
    thread.join()
    return box[0]


def _assert_one_winner(outcomes: list[Any], participants: int) -> None:
    winners = [o for o in outcomes if isinstance(o, Participant)]
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(winners) == 1, outcomes
    assert len(conflicts) == len(outcomes) - 1, outcomes
    assert "already applied" in conflicts[0].message
    assert participants == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applications_in_the_same_role_create_one_participant(tmp_path):
    person = EmployeeFactory()
    program = ProgramFactory()
    if connection.vendor != "sqlite":
        outcomes = _race(program.pk, person.user.pk, attempts=3)
        _assert_one_winner(outcomes, Participant.objects.filter(person=person).count())
        return
    with _threads_use_a_file_copy(tmp_path):
        outcomes = _race(program.pk, person.user.pk, attempts=3)
        participants = _count_in_thread(person.pk)
    _assert_one_winner(outcomes, participants)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_race_is_also_lost_cleanly_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    assert os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    person = EmployeeFactory()
    program = ProgramFactory()
    outcomes = _race(program.pk, person.user.pk, attempts=4)
    _assert_one_winner(outcomes, Participant.objects.filter(person=person).count())
