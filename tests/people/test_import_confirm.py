"""A clean dry run keeps the file; its uploader confirms it once, within the hour (UI and API)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.people import import_uploads
from tandem.people.models import ImportUpload, Person
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

PATH = "/api/v1/people/import"
GOOD = (
    b"Employee ID,Work Email,Full Name,Manager ID,Time Zone\n"
    b"E1,e1@example.org,Ana One,,Europe/Paris\n"
    b"E2,e2@example.org,Ben Two,E1,Europe/Paris\n"
)
BAD = b"Employee ID,Work Email,Full Name\nE1,not-an-email,Ana One\n"


def dry_run(client, content: bytes = GOOD):
    file = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    return client.post(f"{PATH}?dry_run=true", {"file": file}, format="multipart")


def confirm(client, upload_id: int):
    return client.post(f"{PATH}/{upload_id}/confirm")


def test_a_clean_dry_run_returns_an_upload_id_and_writes_nothing(api_admin):
    body = dry_run(api_admin).json()
    assert body["dry_run"] is True
    upload = ImportUpload.objects.get(pk=body["upload_id"])
    assert upload.filename == "people.csv"
    assert len(upload.digest) == 64
    assert not Person.objects.filter(employee_id="E1").exists()


def test_a_dry_run_with_errors_keeps_nothing(api_admin):
    body = dry_run(api_admin, BAD).json()
    assert body["errors"] and body["upload_id"] is None
    assert not ImportUpload.objects.exists()


def test_a_real_import_has_no_upload_id(api_admin):
    file = SimpleUploadedFile("people.csv", GOOD, content_type="text/csv")
    body = api_admin.post(PATH, {"file": file}, format="multipart").json()
    assert body["upload_id"] is None
    assert not ImportUpload.objects.exists()


def test_confirming_imports_the_kept_file_without_uploading_it_again(api_admin):
    upload_id = dry_run(api_admin).json()["upload_id"]
    response = confirm(api_admin, upload_id)
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2 and response.json()["dry_run"] is False
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"


def test_a_kept_upload_can_be_confirmed_only_once(api_admin):
    upload_id = dry_run(api_admin).json()["upload_id"]
    assert confirm(api_admin, upload_id).status_code == 200
    response = confirm(api_admin, upload_id)
    assert response.status_code == 404
    assert response.json()["detail"] == import_uploads.EXPIRED


def test_an_expired_upload_is_refused_with_410_and_purged(api_admin):
    upload_id = dry_run(api_admin).json()["upload_id"]
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(hours=2))
    response = confirm(api_admin, upload_id)
    assert response.status_code == 410
    assert response.json()["detail"] == "This dry run has expired; upload the file again."
    assert not ImportUpload.objects.exists()
    assert not Person.objects.filter(employee_id="E1").exists()


def test_an_unknown_upload_id_is_refused_with_404(api_admin):
    assert confirm(api_admin, 999_999).status_code == 404


def test_another_admin_cannot_confirm_someone_elses_dry_run(api_admin):
    upload_id = dry_run(api_admin).json()["upload_id"]
    other = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    response = confirm(other, upload_id)
    assert response.status_code == 403
    assert response.json()["detail"] == import_uploads.NOT_YOURS
    assert ImportUpload.objects.filter(pk=upload_id).exists()


def test_a_confirm_that_fails_writes_nothing_and_keeps_the_upload(api_admin):
    upload_id = dry_run(api_admin).json()["upload_id"]
    EmployeeFactory(employee_id="X9", email="e2@example.org")  # E2's email is taken meanwhile
    body = confirm(api_admin, upload_id).json()
    assert body["errors"]
    assert not Person.objects.filter(employee_id__in=["E1", "E2"]).exists()
    assert ImportUpload.objects.filter(pk=upload_id).exists()


@pytest.mark.parametrize(("role", "status"), [("employee", 403), ("leader", 403), ("anon", 401)])
def test_non_admins_cannot_confirm_an_upload(api_admin, api_employee, api_leader, role, status):
    upload_id = dry_run(api_admin).json()["upload_id"]
    clients = {"employee": api_employee, "leader": api_leader, "anon": ApiClient()}
    assert confirm(clients[role], upload_id).status_code == status
    assert not Person.objects.filter(employee_id="E1").exists()


def test_purging_removes_only_expired_uploads(api_admin):
    dry_run(api_admin)
    dry_run(api_admin)
    ImportUpload.objects.filter(pk=ImportUpload.objects.first().pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    assert import_uploads.purge_expired() == 1
    assert ImportUpload.objects.count() == 1


# ---------- web ----------


def logged_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def admin(admin_person) -> Client:
    return logged_in(admin_person)


@pytest.fixture
def employee(employee_person) -> Client:
    return logged_in(employee_person)


def web_dry_run(client: Client):
    file = SimpleUploadedFile("people.csv", GOOD, content_type="text/csv")
    return client.post(reverse("people:import"), {"file": file, "dry_run": "on"})


def test_the_page_offers_a_confirm_button_after_a_clean_dry_run(admin):
    html = web_dry_run(admin).content.decode()
    upload = ImportUpload.objects.get()
    assert reverse("people:import_confirm", args=[upload.pk]) in html
    assert "Confirm import of people.csv" in html


def test_confirming_on_the_page_imports_and_says_what_changed(admin):
    web_dry_run(admin)
    upload = ImportUpload.objects.get()
    response = admin.post(reverse("people:import_confirm", args=[upload.pk]), follow=True)
    assert "Imported: 2 created, 0 updated, 0 unchanged." in response.content.decode()
    assert Person.objects.filter(employee_id__in=["E1", "E2"]).count() == 2


def test_confirming_an_expired_dry_run_on_the_page_says_to_upload_again(admin):
    web_dry_run(admin)
    ImportUpload.objects.update(created_at=timezone.now() - timedelta(hours=2))
    upload_id = ImportUpload.objects.get().pk
    response = admin.post(reverse("people:import_confirm", args=[upload_id]), follow=True)
    assert "This dry run has expired; upload the file again." in response.content.decode()
    assert not Person.objects.filter(employee_id="E1").exists()


def test_an_employee_cannot_confirm_on_the_page(admin, employee):
    web_dry_run(admin)
    upload = ImportUpload.objects.get()
    response = employee.post(reverse("people:import_confirm", args=[upload.pk]))
    assert response.status_code == 403
    assert not Person.objects.filter(employee_id="E1").exists()
