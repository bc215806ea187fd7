"""Tokens and the caller: /api/v1/auth/token, /api/v1/me, personal tokens."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.accounts.models import ApiToken
from tandem.accounts.services import INVALID_CREDENTIALS
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db


def test_a_correct_email_and_password_get_a_working_bearer_token(employee_person):
    client = ApiClient()
    response = client.post(
        "/api/v1/auth/token", {"email": employee_person.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["person"]["id"] == employee_person.pk


def test_a_wrong_password_is_a_401_with_a_clear_message(employee_person):
    response = ApiClient().post(
        "/api/v1/auth/token", {"email": employee_person.email, "password": "nope"}
    )
    assert response.status_code == 401
    assert response.json()["detail"] == INVALID_CREDENTIALS


def test_a_disabled_account_cannot_use_its_token(employee_person, api_employee):
    employee_person.user.is_active = False
    employee_person.user.save()
    assert api_employee.get("/api/v1/me").status_code == 401


def test_an_expired_token_is_refused(employee_person, api_employee):
    ApiToken.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert api_employee.get("/api/v1/me").status_code == 401


def test_a_garbage_token_is_a_401(db):
    response = ApiClient().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer tdm_not-a-token")
    assert response.status_code == 401


def test_me_lists_the_roles_of_an_org_admin(api_admin):
    assert "org_admin" in api_admin.get("/api/v1/me").json()["roles"]


def test_me_lists_the_leader_role(api_leader):
    roles = api_leader.get("/api/v1/me").json()["roles"]
    assert "leader" in roles
    assert "org_admin" not in roles


def test_only_a_hash_of_a_token_is_stored(api_employee, employee_person):
    stored = ApiToken.objects.get(user=employee_person.user)
    assert api_employee.headers["HTTP_AUTHORIZATION"].split()[1] not in stored.digest


def test_a_personal_token_is_shown_once_listed_by_name_and_revocable(api_employee):
    created = api_employee.post("/api/v1/me/tokens", {"name": "HRIS sync"})
    assert created.status_code == 201
    clear = created.json()["token"]
    listed = api_employee.get("/api/v1/me/tokens").json()
    personal = [t for t in listed if t["kind"] == "personal"]
    assert [t["name"] for t in personal] == ["HRIS sync"]
    assert "token" not in personal[0]
    integration = ApiClient()
    assert integration.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200
    assert api_employee.delete(f"/api/v1/me/tokens/{personal[0]['id']}").status_code == 204
    assert integration.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_nobody_can_revoke_someone_elses_token(api_employee):
    other = EmployeeFactory()
    token = ApiToken.objects.create(user=other.user, prefix="tdm_x", digest="x" * 64)
    assert api_employee.delete(f"/api/v1/me/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
