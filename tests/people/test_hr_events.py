"""HR events import: all-or-nothing, row errors naming the field, org admins only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.people.models import HREvent
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _upload(api, text, dry_run=False):
    file = SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv")
    url = "/api/v1/people/events/import" + ("?dry_run=true" if dry_run else "")
    return api.post(url, {"file": file}, format="multipart")


@pytest.fixture
def people(db):
    return [
        EmployeeFactory(employee_id="E1", job_level=3),
        EmployeeFactory(employee_id="E2", job_level=2),
    ]


def test_events_are_imported_and_a_second_import_changes_nothing(api_admin, people):
    text = (
        "employee_id,event,date,voluntary,new_level,new_department\n"
        "E1,termination,2024-05-01,yes,,\n"
        "E2,promotion,2024-06-01,,3,\n"
        "E2,move,2024-07-01,,,Finance\n"
    )
    body = _upload(api_admin, text).json()
    assert body["created"] == 3 and body["errors"] == []
    assert HREvent.objects.get(kind="termination").voluntary is True
    assert _upload(api_admin, text).json()["unchanged"] == 3
    assert HREvent.objects.count() == 3


def test_bad_rows_are_reported_and_nothing_is_written(api_admin, people):
    text = (
        "employee_id,event,date,voluntary,new_level,new_department\n"
        "E1,termination,2024-05-01,yes,,\n"
        "E9,termination,2024-05-01,,,\n"
        "E2,promotion,2099-01-01,,3,\n"
        "E1,promotion,2024-06-01,,2,\n"
    )
    body = _upload(api_admin, text).json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (3, "employee_id"),
        (4, "date"),
        (5, "new_level"),
    ]
    assert "E9" in body["errors"][0]["message"] and "future" in body["errors"][1]["message"]
    assert not HREvent.objects.exists()


def test_a_dry_run_writes_nothing(api_admin, people):
    body = _upload(
        api_admin, "employee_id,event,date\nE1,termination,2024-05-01\n", dry_run=True
    ).json()
    assert body["created"] == 1 and body["dry_run"] is True
    assert not HREvent.objects.exists()


@pytest.mark.parametrize("who", ["api_employee", "api_leader", "api_anonymous"])
def test_only_org_admins_import_hr_events(request, people, who):
    r = _upload(request.getfixturevalue(who), "employee_id,event,date\nE1,termination,2024-05-01\n")
    assert r.status_code in {401, 403}
    assert not HREvent.objects.exists()
