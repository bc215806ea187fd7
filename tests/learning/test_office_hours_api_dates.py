"""Dates in query strings are YYYY-MM-DD only: a number is not read as a Unix timestamp."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts.services import issue_token
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    person = EmployeeFactory()
    _, token = issue_token(user=person.user)
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("value", ["0", "1700000000", "31/12/2026", "2026-1-5"])
def test_an_office_hours_date_filter_that_is_not_an_iso_date_is_a_422_naming_it(client, value):
    r = client.get("/api/v1/office-hours", {"to": value})
    assert r.status_code == 422, r.content
    assert "YYYY-MM-DD" in r.content.decode()


def test_an_iso_date_filter_is_accepted(client):
    r = client.get("/api/v1/office-hours", {"from": "2026-01-01", "to": "2026-12-31"})
    assert r.status_code == 200, r.content
