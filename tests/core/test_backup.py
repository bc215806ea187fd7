"""``tandem backup`` / ``tandem restore``: a restore gives back exactly the data backed up."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tandem.core import backup
from tandem.people.models import Person
from tests.factories import EmployeeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backup API"),
]


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with connection.cursor() as cursor:
        tables = [
            name
            for (name,) in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        return {
            table: sorted(cursor.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in sorted(tables)
        }


def test_a_restore_gives_back_exactly_the_data_that_was_backed_up(tmp_path):
    boss = EmployeeFactory(user__is_org_admin=True, full_name="Bea Boss")
    EmployeeFactory.create_batch(5, manager=boss)
    before = everything()
    target = tmp_path / "tandem-backup.sqlite3"

    call_command("backup", str(target))
    Person.objects.filter(manager=boss).delete()
    EmployeeFactory(full_name="Born After The Backup")
    boss.full_name = "Changed"
    boss.save()
    assert everything() != before

    call_command("restore", str(target), "--yes")
    assert everything() == before


def test_a_backup_never_overwrites_a_file(tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(target))
    assert target.read_bytes() == b"keep me"


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(tmp_path):
    EmployeeFactory(full_name="Still Here")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="not a Tandem backup"):
        call_command("restore", str(not_a_backup), "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--yes")
    assert Person.objects.filter(full_name="Still Here").exists()


def test_a_backup_from_a_newer_tandem_is_refused(tmp_path):
    target = tmp_path / "newer.sqlite3"
    call_command("backup", str(target))
    with sqlite3.connect(target) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('people', '9999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(CommandError, match="newer Tandem"):
        call_command("restore", str(target), "--yes")


def test_without_yes_the_restore_asks_and_stops_unless_told_restore(tmp_path, monkeypatch):
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target))
    EmployeeFactory(full_name="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(target))
    assert Person.objects.filter(full_name="Kept").exists()


def test_postgresql_is_refused_with_pg_dump_advice(monkeypatch, tmp_path):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "x"))
    assert backup.NOT_SQLITE.startswith("This database is")
