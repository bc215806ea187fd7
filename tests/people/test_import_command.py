"""``tandem import-people FILE [--dry-run]``: counts, the error table, the exit status."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tandem.core.models import AuditLog
from tandem.people import importer
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

GOOD = "Employee ID,Email,Name,Manager ID\nE1,e1@example.org,Ana,\nE2,e2@example.org,Ben,E1\n"
BAD = "Employee ID,Email,Name,Manager ID\nE1,e1@example.org,Ana,E1\nE2,nope,Ben,E1\n"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_people", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_file_and_prints_the_counts(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    assert "Imported: 2 created, 0 updated, 0 unchanged." in run(str(path))
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"
    assert AuditLog.objects.get(action="people.import").actor is None


def test_a_dry_run_prints_the_counts_and_writes_nothing(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD)
    assert "Dry run, nothing written: 2 created" in run(str(path), "--dry-run")
    assert not Person.objects.filter(employee_id="E1").exists()


def test_errors_are_printed_as_a_table_and_the_command_fails(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(BAD)
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"2 errors in people\.csv; nothing was imported"):
        call_command("import_people", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["row", "field", "message"]
    assert lines[2] == f"  2  manager  {importer.SELF_MANAGER}"
    assert lines[3].startswith("  3  email    “nope” is not a valid email address.")
    assert not Person.objects.filter(employee_id__in=["E1", "E2"]).exists()


def test_a_long_error_table_is_cut_at_max_errors(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Employee ID,Email,Name\n" + "".join(f"E{i},bad,N\n" for i in range(5)))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--max-errors", "2", stdout=out)
    assert "… and 3 more (use --max-errors 0 to see all)" in out.getvalue()


def test_a_missing_file_is_a_clear_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))
