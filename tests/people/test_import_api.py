"""POST /api/v1/people/import: multipart upload, row errors, dry run, and who is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.core.models import AuditLog
from tandem.people import importer
from tandem.people.models import Person

pytestmark = pytest.mark.django_db

PATH = "/api/v1/people/import"
GOOD = (
    b"Employee ID,Work Email,Full Name,Manager ID,Time Zone\n"
    b"E1,e1@example.org,Ana One,,Europe/Paris\n"
    b"E2,e2@example.org,Ben Two,E1,Europe/Paris\n"
)
BAD = (
    b"Employee ID,Work Email,Full Name,Manager ID,Time Zone\n"
    b"E1,e1@example.org,Ana One,,Europe/Paris\n"
    b"E2,not-an-email,Ben Two,E1,Europe/Paris\n"
    b"E3,e3@example.org,Cy Three,GHOST,Europe/Paris\n"
)


def upload(client, content: bytes, query: str = "", name: str = "people.csv"):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(f"{PATH}{query}", {"file": file}, format="multipart")


def test_an_admin_imports_a_csv_and_gets_the_counts(api_admin):
    response = upload(api_admin, GOOD)
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "dry_run": False,
        "errors": [],
        "warnings": [],
        "upload_id": None,
    }
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"
    assert AuditLog.objects.get(action="people.import").after["filename"] == "people.csv"


def test_row_errors_come_back_with_row_numbers_and_nothing_is_written(api_admin):
    response = upload(api_admin, BAD)
    assert response.status_code == 200
    body = response.json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "email"), (4, "manager")]
    assert body["errors"][1]["message"] == importer.UNKNOWN_MANAGER.format(value="GHOST")
    assert not Person.objects.filter(employee_id__in=["E1", "E2", "E3"]).exists()


def test_a_dry_run_validates_without_writing(api_admin):
    response = upload(api_admin, GOOD, "?dry_run=true")
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert response.json()["created"] == 2
    assert not Person.objects.filter(employee_id="E1").exists()


def test_an_unsupported_file_is_a_readable_error_not_a_crash(api_admin):
    response = upload(api_admin, b"\x00\x01binary", name="photo.png")
    assert response.status_code == 200
    assert response.json()["errors"] == [
        {"row": 0, "field": "file", "message": "“photo.png” is not a CSV or XLSX file. "
         "Export the directory as .csv or .xlsx."}
    ]  # fmt: skip


def test_a_request_without_a_file_is_a_422(api_admin):
    response = api_admin.post(PATH, {}, format="multipart")
    assert response.status_code == 422


def test_an_employee_is_refused_with_403(api_employee):
    assert upload(api_employee, GOOD).status_code == 403
    assert not Person.objects.filter(employee_id="E1").exists()


def test_a_leader_is_refused_with_403(api_leader):
    assert upload(api_leader, GOOD).status_code == 403
    assert not Person.objects.filter(employee_id="E1").exists()


def test_an_anonymous_caller_is_refused_with_401(api_anonymous):
    assert upload(api_anonymous, GOOD).status_code == 401
    assert not Person.objects.filter(employee_id="E1").exists()
