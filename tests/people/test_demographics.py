"""Self-declared demographics: optional, consented, the person's own, erasable, audited
without values, and refused to everyone else (org admins included)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tandem.core.models import AuditLog
from tandem.people.models import PersonDemographics
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "consent": True,
    "gender": "woman",
    "age_band": "35_44",
    "disability": "prefer_not_to_say",
}


def test_a_person_records_reads_changes_and_deletes_their_own_answers(employee_person):
    api = ApiClient(employee_person.user)
    empty = api.get("/api/v1/people/me/demographics").json()
    assert empty["gender"] == "" and empty["consented_at"] is None
    r = api.put("/api/v1/people/me/demographics", ANSWERS)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["gender"] == "woman" and body["ethnicity"] == "" and body["consented_at"]
    same = api.get(f"/api/v1/people/{employee_person.pk}/demographics").json()
    assert same["age_band"] == "35_44"
    api.put(f"/api/v1/people/{employee_person.pk}/demographics", {"consent": True})
    row = PersonDemographics.objects.get(person=employee_person)
    assert (row.gender, row.age_band) == ("", "")
    assert api.delete("/api/v1/people/me/demographics").status_code == 204
    assert not PersonDemographics.objects.filter(person=employee_person).exists()


def test_answers_are_not_recorded_without_consent(employee_person):
    api = ApiClient(employee_person.user)
    r = api.put("/api/v1/people/me/demographics", {**ANSWERS, "consent": False})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "consent"
    assert not PersonDemographics.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"consent": True, "gender": "robot"}, "gender"),
        ({"consent": True, "age_band": 40}, "age_band"),
        ({"consent": True, "ethnicity": None}, "ethnicity"),
        ({"gender": "woman"}, "consent"),
    ],
)
def test_bad_answers_are_refused_naming_the_field(employee_person, body, field):
    r = ApiClient(employee_person.user).put("/api/v1/people/me/demographics", body)
    assert r.status_code == 422
    assert field in json.dumps(r.json())
    assert not PersonDemographics.objects.exists()


@pytest.mark.parametrize("who", ["admin", "leader", "employee", "manager"])
def test_nobody_else_may_read_change_or_delete_a_persons_answers(who, employee_person):
    PersonDemographics.objects.create(person=employee_person, gender="man")
    others = {
        "admin": EmployeeFactory(user__is_org_admin=True),
        "leader": EmployeeFactory(user__is_leader=True),
        "employee": EmployeeFactory(),
        "manager": EmployeeFactory(),
    }
    if who == "manager":
        employee_person.manager = others["manager"]
        employee_person.save()
    api = ApiClient(others[who].user)
    url = f"/api/v1/people/{employee_person.pk}/demographics"
    for r in (api.get(url), api.put(url, ANSWERS), api.delete(url)):
        assert r.status_code == 403
        assert "man" not in r.content.decode().replace("demographics", "")
    assert PersonDemographics.objects.get(person=employee_person).gender == "man"


def test_anonymous_callers_are_refused(employee_person):
    for r in (
        ApiClient().get("/api/v1/people/me/demographics"),
        ApiClient().get(f"/api/v1/people/{employee_person.pk}/demographics"),
    ):
        assert r.status_code == 401


def test_an_unknown_person_is_a_404(employee_person):
    r = ApiClient(employee_person.user).get("/api/v1/people/999999/demographics")
    assert r.status_code == 404


def test_changes_are_audited_without_their_values(employee_person):
    api = ApiClient(employee_person.user)
    api.put("/api/v1/people/me/demographics", ANSWERS)
    api.delete("/api/v1/people/me/demographics")
    entries = list(AuditLog.objects.filter(action__startswith="person.demographics").order_by("id"))
    assert [e.action for e in entries] == [
        "person.demographics.update",
        "person.demographics.delete",
    ]
    text = json.dumps([[e.before, e.after, e.target_repr] for e in entries])
    assert "woman" not in text and "35_44" not in text


def test_the_page_saves_changes_and_deletes_the_answers(employee_person):
    client = Client()
    client.login(email=employee_person.email, password=PASSWORD)
    page = client.get("/people/me/demographics/")
    assert page.status_code == 200 and "Prefer not to say" in page.content.decode()
    refused = client.post("/people/me/demographics/", {"gender": "woman"})
    assert "Tick this box" in refused.content.decode()
    assert not PersonDemographics.objects.exists()
    client.post("/people/me/demographics/", {"gender": "woman", "consent": "on"})
    row = PersonDemographics.objects.get(person=employee_person)
    assert row.gender == "woman" and row.consented_at is not None
    client.post("/people/me/demographics/delete/")
    assert not PersonDemographics.objects.exists()


def test_the_page_shows_only_the_signed_in_persons_own_answers(employee_person):
    other = EmployeeFactory()
    PersonDemographics.objects.create(person=other, gender="non_binary", consented_at=None)
    client = Client()
    client.login(email=employee_person.email, password=PASSWORD)
    html = client.get("/people/me/demographics/").content.decode()
    assert 'value="non_binary" checked' not in html.replace("\n", "")
    assert Client().get("/people/me/demographics/").status_code == 302
