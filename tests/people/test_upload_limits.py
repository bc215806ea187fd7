"""Uploads are bounded before they cost memory or minutes (issue 15.9): Content-Length is
checked before the body is read, and a workbook's rows, columns, texts, unpacked size and
reading time are capped, each with a message that says what to do."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest
from django.test import Client

from tandem.core.request_limits import max_request_bytes
from tandem.people import import_limits
from tandem.people.importer import import_people
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["Employee ID", "Email", "Name"]


def workbook_bytes(fill) -> bytes:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["E1", "e1@example.org", "Person One"])
    fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewritten(content: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with member ``name`` replaced by ``change(old bytes or b"")``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            if member != name:
                target.writestr(member, source.read(member))
        old = source.read(name) if name in source.namelist() else b""
        target.writestr(name, change(old))
    return buffer.getvalue()


def file_errors(content: bytes, filename: str = "people.xlsx") -> list[str]:
    report = import_people(filename=filename, content=content, dry_run=True, actor=None)
    return [e.message for e in report.errors if e.row == 0]


def test_a_cell_at_row_330_million_is_refused_at_once_not_after_minutes():
    # openpyxl refuses to write past row 1,048,576; Excel's limit is not the reader's.
    content = rewritten(
        workbook_bytes(lambda s: s.cell(row=1000, column=1, value="x")),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'r="1000"', b'r="330000000"').replace(b"A1000", b"A330000000"),
    )
    started = time.monotonic()
    errors = file_errors(content)
    assert time.monotonic() - started < 5
    assert errors == [import_limits.TOO_MANY_ROWS.format(limit=import_limits.MAX_ROWS)]


def test_rows_touching_column_xfd_are_refused_without_widening_every_row():
    def fill(sheet):  # type: ignore[no-untyped-def]
        for row in range(3, 3003):
            sheet.cell(row=row, column=16_384, value="x")

    started = time.monotonic()
    errors = file_errors(workbook_bytes(fill))
    assert time.monotonic() - started < 5
    assert errors == [import_limits.TOO_MANY_COLUMNS.format(limit=import_limits.MAX_COLUMNS)]


def test_blank_rows_count_towards_the_row_limit_in_csv_files_too(monkeypatch):
    monkeypatch.setattr(import_limits, "MAX_ROWS", 10)
    monkeypatch.setattr(import_limits, "MAX_ROW_NUMBER", 11)
    content = (
        b"Employee ID,Email,Name\nE1,e1@example.org,One\n" + b",,\n" * 20 + b"E2,e2@x.org,Two\n"
    )
    assert file_errors(content, "people.csv") == [import_limits.TOO_MANY_ROWS.format(limit=10)]


def test_a_workbook_with_too_many_distinct_texts_is_refused(monkeypatch):
    monkeypatch.setattr("tandem.people.import_xlsx.MAX_SHARED_STRINGS", 5)
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    table += b'count="6" uniqueCount="6">' + b"<si><t>x</t></si>" * 6 + b"</sst>"
    content = rewritten(workbook_bytes(lambda s: None), "xl/sharedStrings.xml", lambda _: table)
    assert file_errors(content) == [import_limits.TOO_MANY_STRINGS.format(limit=5)]


def test_a_zip_bomb_is_refused_by_its_unpacked_size(monkeypatch):
    monkeypatch.setattr("tandem.people.import_xlsx.MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (4 * 1024 * 1024))
    assert file_errors(buffer.getvalue()) == [import_limits.UNPACKED_TOO_LARGE.format(limit=1)]


def test_reading_stops_with_a_clear_message_when_the_time_budget_is_spent(monkeypatch):
    monkeypatch.setattr(import_limits, "READ_SECONDS", 0.0)
    rows = "".join(f"E{n},e{n}@example.org,Person {n}\n" for n in range(3000))
    content = ("Employee ID,Email,Name\n" + rows).encode()
    assert file_errors(content, "people.csv") == [import_limits.TOO_SLOW.format(seconds=0)]


def test_a_good_workbook_still_imports():
    report = import_people(
        filename="people.xlsx", content=workbook_bytes(lambda s: None), dry_run=False, actor=None
    )
    assert report.errors == []
    assert Person.objects.filter(employee_id="E1").exists()


class _Unreadable(io.BytesIO):
    def read(self, *args):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/api/v1/people/import", "/people/import/"])
def test_an_upload_over_the_limit_is_refused_by_its_content_length_before_it_is_read(
    path, admin_person
):
    client = Client()
    client.force_login(admin_person.user)
    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(max_request_bytes() + 1),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    if path.startswith("/api/"):
        assert response.json()["errors"][0]["field"] == "file"
        assert "the limit is 50 MB" in response.json()["detail"]
    else:
        assert "the limit is 50 MB" in response.content.decode()
