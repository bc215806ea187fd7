"""The people API: contract, validation errors, and who is refused."""

from __future__ import annotations

import pytest

from tandem.core.models import AuditLog
from tandem.people.models import Person
from tests.factories import EmployeeFactory, PersonFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_listing_people_is_paginated_with_items_and_count(api_employee):
    PersonFactory.create_batch(3)
    response = api_employee.get("/api/v1/people?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Person.objects.count()
    assert len(body["items"]) == 2
    assert set(body["items"][0]) >= {"id", "employee_id", "email", "full_name", "manager_id"}


def test_people_can_be_filtered_by_department_and_manager(api_employee):
    boss = PersonFactory(department="Finance")
    PersonFactory(department="Finance", manager=boss, full_name="Fin Report")
    PersonFactory(department="Sales")
    body = api_employee.get(f"/api/v1/people?department=finance&manager_id={boss.pk}").json()
    assert [p["full_name"] for p in body["items"]] == ["Fin Report"]


def test_anonymous_callers_are_refused_with_401(api_anonymous):
    assert api_anonymous.get("/api/v1/people").status_code == 401
    assert api_anonymous.get("/api/v1/me").status_code == 401


def test_an_employee_cannot_create_a_person(api_employee):
    payload = {"employee_id": "X1", "email": "x1@example.org", "full_name": "X"}
    response = api_employee.post("/api/v1/people", payload)
    assert response.status_code == 403
    assert not Person.objects.filter(employee_id="X1").exists()


def test_a_leader_cannot_edit_a_person(api_leader):
    person = PersonFactory()
    response = api_leader.patch(f"/api/v1/people/{person.pk}", {"title": "CEO"})
    assert response.status_code == 403


def test_an_admin_creates_a_person_and_the_write_is_audited(api_admin, admin_person):
    payload = {
        "employee_id": "N1",
        "email": "New@Example.org",
        "full_name": "Nia New",
        "time_zone": "Asia/Tokyo",
        "manager_id": admin_person.pk,
    }
    response = api_admin.post("/api/v1/people", payload)
    assert response.status_code == 201, response.json()
    assert response.json()["email"] == "new@example.org"
    entry = AuditLog.objects.get(action="person.create")
    assert entry.actor == admin_person.user
    assert entry.after["employee_id"] == "N1"


def test_an_invalid_time_zone_is_a_400_naming_the_field(api_admin):
    payload = {
        "employee_id": "N2",
        "email": "n2@example.org",
        "full_name": "N",
        "time_zone": "Mars/Olympus",
    }
    response = api_admin.post("/api/v1/people", payload)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "time_zone"
    assert "IANA" in response.json()["detail"]


def test_a_manager_cycle_is_refused(api_admin):
    top = PersonFactory()
    middle = PersonFactory(manager=top)
    response = api_admin.patch(f"/api/v1/people/{top.pk}", {"manager_id": middle.pk})
    assert response.status_code == 400
    assert "cycle" in response.json()["detail"]
    top.refresh_from_db()
    assert top.manager_id is None


def test_schema_errors_use_the_documented_error_shape(api_admin):
    response = api_admin.post("/api/v1/people", {"employee_id": "", "full_name": "N"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"employee_id", "email"} <= fields


def test_an_unknown_person_is_404(api_employee):
    assert api_employee.get("/api/v1/people/999999").status_code == 404


def test_a_person_edits_their_own_profile_but_not_someone_elses(api_employee, employee_person):
    SkillFactory(name="SQL")
    SkillFactory(name="Negotiation")
    payload = {
        "bio": "Data person",
        "expertise": [{"skill": "sql", "level": 4}],
        "development_goals": ["Negotiation"],
        "career_goals": "Lead a team",
        "interests": ["chess"],
        "languages": ["English", "Spanish"],
        "meeting_format": "virtual",
        "availability_hours_per_month": 4,
    }
    response = api_employee.put(f"/api/v1/people/{employee_person.pk}/profile", payload)
    assert response.status_code == 200, response.json()
    assert response.json()["expertise"] == [{"skill": "SQL", "level": 4}]
    assert response.json()["languages"] == ["English", "Spanish"]
    other = PersonFactory()
    refused = api_employee.put(f"/api/v1/people/{other.pk}/profile", payload)
    assert refused.status_code == 403


def test_an_unknown_skill_in_a_profile_is_refused_with_its_name(api_employee, employee_person):
    payload = {"expertise": [{"skill": "Underwater basket weaving", "level": 2}]}
    response = api_employee.put(f"/api/v1/people/{employee_person.pk}/profile", payload)
    assert response.status_code == 400
    assert "Underwater basket weaving" in response.json()["detail"]


def test_one_skill_written_in_two_cases_in_a_profile_is_saved_not_a_server_error(
    api_employee, employee_person
):
    SkillFactory(name="Python")
    payload = {"expertise": [{"skill": "Python", "level": 4}], "development_goals": ["python"]}
    response = api_employee.put(f"/api/v1/people/{employee_person.pk}/profile", payload)
    assert response.status_code == 200, response.json()
    assert response.json()["expertise"] == [{"skill": "Python", "level": 4}]
    assert response.json()["development_goals"] == ["Python"]


def test_the_same_skill_twice_in_expertise_in_two_cases_is_refused_as_a_duplicate(
    api_employee, employee_person
):
    SkillFactory(name="Python")
    payload = {"expertise": [{"skill": "Python", "level": 4}, {"skill": "PYTHON", "level": 2}]}
    response = api_employee.put(f"/api/v1/people/{employee_person.pk}/profile", payload)
    assert response.status_code == 400
    assert "PYTHON" in response.json()["detail"]


@pytest.mark.parametrize(
    "field",
    ["email", "employee_id", "full_name", "title", "department", "location", "time_zone",
     "languages", "status"],
)  # fmt: skip
def test_patching_a_person_with_null_for_a_field_that_cannot_be_empty_is_a_422_naming_it(
    api_admin, field
):
    person = EmployeeFactory(title="Engineer", department="Platform")
    response = api_admin.patch(f"/api/v1/people/{person.pk}", {field: None})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert "cannot be null" in response.json()["detail"]
    person.refresh_from_db()
    assert person.title == "Engineer"


@pytest.mark.parametrize("field", ["manager_id", "hire_date", "job_level"])
def test_patching_a_person_with_null_clears_a_field_that_may_be_empty(api_admin, field):
    person = EmployeeFactory()
    response = api_admin.patch(f"/api/v1/people/{person.pk}", {field: None})
    assert response.status_code == 200
