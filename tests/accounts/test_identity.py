"""Roles through the API, the sign-in policy ("SSO only") and its effect on passwords."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tandem.accounts import signin_policy
from tandem.accounts.services import CANNOT_DEMOTE_SELF
from tandem.core.models import AuditLog
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory, PersonFactory

PASSWORD = "a long enough password"


@pytest.fixture
def sso(settings: Any) -> None:
    settings.TANDEM_OIDC_ISSUER = "https://idp.example.test"
    settings.TANDEM_OIDC_CLIENT_ID = "tandem"
    settings.TANDEM_OIDC_CLIENT_SECRET = "secret"


def _with_password(person: Any) -> Any:
    person.user.set_password(PASSWORD)
    person.user.save()
    return person


# --- roles -------------------------------------------------------------------------------


def test_an_admin_grants_leader_and_admin_roles_audited(api_admin: Any) -> None:
    person = PersonFactory()  # no login yet: one is made
    response = api_admin.put(
        f"/api/v1/people/{person.pk}/roles", {"org_admin": True, "leader": True}
    )
    assert response.status_code == 200, response.content
    assert response.json()["org_admin"] and response.json()["leader"]
    person.refresh_from_db()
    assert person.user.is_org_admin and person.user.is_leader
    assert AuditLog.objects.filter(action="user.roles").exists()


def test_the_last_org_admin_cannot_remove_their_own_role(api_admin: Any, admin_person: Any) -> None:
    url = f"/api/v1/people/{admin_person.pk}/roles"
    response = api_admin.put(url, {"org_admin": False, "leader": False})
    assert response.status_code == 400
    assert response.json()["detail"] == CANNOT_DEMOTE_SELF
    EmployeeFactory(user__is_org_admin=True)
    assert api_admin.put(url, {"org_admin": False, "leader": False}).status_code == 200


@pytest.mark.parametrize("who", ["api_anonymous", "api_employee", "api_leader"])
def test_only_org_admins_change_roles(who: str, request: Any, employee_person: Any) -> None:
    client = request.getfixturevalue(who)
    response = client.put(
        f"/api/v1/people/{employee_person.pk}/roles", {"org_admin": True, "leader": True}
    )
    assert response.status_code == (401 if who == "api_anonymous" else 403)
    employee_person.user.refresh_from_db()
    assert not employee_person.user.is_org_admin


# --- sign-in policy ----------------------------------------------------------------------


def test_sso_only_needs_a_configured_provider(api_admin: Any, admin_person: Any) -> None:
    body = {"sso_only": True, "break_glass_admin_id": admin_person.user_id}
    response = api_admin.put("/api/v1/sign-in-policy", body)
    assert response.status_code == 400
    assert response.json()["detail"] == signin_policy.NO_SSO


def test_sso_only_needs_a_break_glass_admin_with_a_password(
    sso: None, api_admin: Any, admin_person: Any
) -> None:
    response = api_admin.put("/api/v1/sign-in-policy", {"sso_only": True})
    assert response.json()["errors"][0]["field"] == "break_glass_admin_id"
    _with_password(admin_person)
    body = {"sso_only": True, "break_glass_admin_id": admin_person.user_id}
    response = api_admin.put("/api/v1/sign-in-policy", body)
    assert response.status_code == 200 and response.json()["sso_only"] is True
    assert AuditLog.objects.filter(action="sign_in_policy.update").exists()


def test_sso_only_turns_passwords_off_for_all_but_the_break_glass_admin(
    sso: None, admin_person: Any
) -> None:
    employee = _with_password(EmployeeFactory(email="eve@example.com"))
    _with_password(admin_person)
    signin_policy.set_sign_in_policy(
        actor=admin_person.user, sso_only=True, break_glass_admin_id=admin_person.user_id
    )
    page = Client().post("/accounts/login/", {"username": employee.email, "password": PASSWORD})
    assert page.status_code == 200
    assert signin_policy.PASSWORD_SIGN_IN_OFF.encode() in page.content
    token = ApiClient().post("/api/v1/auth/token", {"email": employee.email, "password": PASSWORD})
    assert token.status_code == 401
    admin = Client().post(
        "/accounts/login/", {"username": admin_person.email, "password": PASSWORD}
    )
    assert admin.status_code == 302


def test_password_reset_is_disabled_for_sso_users(sso: None, admin_person: Any) -> None:
    employee = _with_password(EmployeeFactory(email="eve@example.com"))
    _with_password(admin_person)
    signin_policy.set_sign_in_policy(
        actor=admin_person.user, sso_only=True, break_glass_admin_id=admin_person.user_id
    )
    Client().post("/accounts/password/reset/", {"email": employee.email})
    assert mail.outbox == []
    Client().post("/accounts/password/reset/", {"email": admin_person.email})
    assert len(mail.outbox) == 1


def test_the_login_page_hides_passwords_behind_the_break_glass_link(
    sso: None, admin_person: Any
) -> None:
    _with_password(admin_person)
    signin_policy.set_sign_in_policy(
        actor=admin_person.user, sso_only=True, break_glass_admin_id=admin_person.user_id
    )
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with single sign-on" in page
    assert "Administrator sign-in with a password" in page
    assert "Forgot your password?" not in page


@pytest.mark.parametrize("who", ["api_anonymous", "api_employee", "api_leader"])
def test_only_org_admins_read_or_change_the_sign_in_policy(who: str, request: Any) -> None:
    client = request.getfixturevalue(who)
    expected = 401 if who == "api_anonymous" else 403
    assert client.get("/api/v1/sign-in-policy").status_code == expected
    assert client.put("/api/v1/sign-in-policy", {"sso_only": False}).status_code == expected


def test_the_sso_page_shows_the_urls_to_give_the_identity_provider(admin_person: Any) -> None:
    client = Client()
    client.force_login(admin_person.user)
    page = client.get("/accounts/sso/").content.decode()
    assert "http://testserver/accounts/oidc/callback/" in page
    assert "http://testserver/accounts/saml/acs/" in page


@pytest.mark.parametrize("who", ["employee_person", "leader_person"])
def test_the_sso_page_refuses_everyone_but_admins(who: str, request: Any) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(who).user)
    assert client.get("/accounts/sso/").status_code == 403
    assert client.post("/accounts/sso/", {"sso_only": "on"}).status_code == 403
