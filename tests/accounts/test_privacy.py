"""A person's data can be exported by them and erased by an org admin, and nothing else."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate

from tandem.accounts.privacy import CONFIRMATION_REQUIRED
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.engagement.services import notify
from tandem.people.models import Person, Profile
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_person_exports_their_profile_and_notifications(api_employee, employee_person):
    ProfileFactory(person=employee_person, career_goals="Lead the data team")
    notify(recipients=[employee_person], kind="test", title="Welcome", email=False)
    body = api_employee.get("/api/v1/me/export").json()
    assert body["person"]["email"] == employee_person.email
    assert body["profile"]["career_goals"] == "Lead the data team"
    assert [n["title"] for n in body["notifications"]] == ["Welcome"]


def test_an_employee_cannot_export_someone_elses_data(api_employee):
    other = EmployeeFactory()
    assert api_employee.get(f"/api/v1/people/{other.pk}/export").status_code == 403


def test_an_admin_export_of_a_person_is_audited(api_admin, employee_person):
    assert api_admin.get(f"/api/v1/people/{employee_person.pk}/export").status_code == 200
    assert AuditLog.objects.filter(action="person.export").count() == 1


def test_an_admin_erases_a_person_and_their_login_stops_working(api_admin, employee_person):
    ProfileFactory(person=employee_person)
    notify(recipients=[employee_person], kind="test", title="Hi", email=False)
    email = employee_person.email
    response = api_admin.post(
        f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "ERASE"}
    )
    assert response.status_code == 200, response.json()
    erased = Person.objects.get(pk=employee_person.pk)
    assert email not in (erased.email, erased.full_name)
    assert not Profile.objects.filter(person=erased).exists()
    assert not Notification.objects.filter(recipient=erased).exists()
    assert authenticate(username=email, password=PASSWORD) is None
    entry = AuditLog.objects.get(action="person.erase")
    assert email not in str(entry.after)


def test_erasure_needs_the_typed_confirmation(api_admin, employee_person):
    response = api_admin.post(f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "yes"})
    assert response.status_code == 422  # a schema rule: the OpenAPI document says "ERASE"
    assert response.json()["errors"] == [
        {"field": "confirmation", "message": CONFIRMATION_REQUIRED}
    ]
    assert Person.objects.get(pk=employee_person.pk).email == employee_person.email


def test_a_second_erasure_is_a_conflict(api_admin, employee_person):
    api_admin.post(f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "ERASE"})
    again = api_admin.post(f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "ERASE"})
    assert again.status_code == 409


@pytest.mark.parametrize("role", ["employee", "leader"])
def test_only_org_admins_can_erase(role, employee_person, leader_person):
    actor = {"employee": employee_person, "leader": leader_person}[role]
    victim = EmployeeFactory()
    response = ApiClient(actor.user).post(
        f"/api/v1/people/{victim.pk}/erase", {"confirmation": "ERASE"}
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=victim.pk).email == victim.email


def test_anonymous_callers_cannot_export_or_erase(api_anonymous, employee_person):
    assert api_anonymous.get("/api/v1/me/export").status_code == 401
    response = api_anonymous.post(
        f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "ERASE"}
    )
    assert response.status_code == 401


def test_the_my_data_page_offers_the_download(client, employee_person):
    client.force_login(employee_person.user)
    download = client.get("/accounts/my-data/export.json")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download.json()["person"]["id"] == employee_person.pk


def test_the_erase_page_refuses_employees(client, employee_person):
    client.force_login(employee_person.user)
    other = EmployeeFactory()
    assert client.get(f"/accounts/people/{other.pk}/erase/").status_code == 403


def test_the_person_page_offers_erasure_to_admins_only(client, admin_person, employee_person):
    client.force_login(admin_person.user)
    erase_url = f"/accounts/people/{employee_person.pk}/erase/"
    assert erase_url in client.get(f"/people/{employee_person.pk}/").content.decode()
    client.force_login(employee_person.user)
    other = EmployeeFactory()
    assert erase_url not in client.get(f"/people/{other.pk}/").content.decode()
    assert "/accounts/my-data/" in client.get(f"/people/{employee_person.pk}/").content.decode()
