"""Bearer tokens end when the password changes, the person is erased or deactivated;
personal tokens expire (90 days unless chosen otherwise) and show when they were last used
(issue 15.6)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from tandem.accounts.models import ApiToken
from tandem.accounts.services import issue_token
from tandem.core import clock
from tandem.people import lifecycle
from tests.conftest import ApiClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-secret-42"


def _bearer(token):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _session_token(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    return response.json()["token"]


def test_changing_the_password_ends_every_session_token_but_not_personal_ones(employee_person):
    user = employee_person.user
    session = _session_token(user)
    _, personal = issue_token(user=user, kind="personal", name="HRIS", lifetime=None)
    assert _bearer(session).get("/api/v1/me").status_code == 200
    browser = Client()
    browser.force_login(user)
    response = browser.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _bearer(session).get("/api/v1/me").status_code == 401
    assert _bearer(personal).get("/api/v1/me").status_code == 200
    assert browser.get("/accounts/tokens/").status_code == 200  # this browser stays signed in


def test_resetting_the_password_by_email_ends_every_session_token(employee_person):
    session = _session_token(employee_person.user)
    client = Client()
    client.post("/accounts/password/reset/", {"email": employee_person.email})
    link = re.search(r"(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert _bearer(session).get("/api/v1/me").status_code == 401


def test_deactivating_a_person_revokes_all_their_tokens(employee_person):
    user = employee_person.user
    issue_token(user=user)
    issue_token(user=user, kind="personal", name="x", lifetime=None)
    lifecycle.run_deactivation_hooks(person=employee_person, actor_label="SCIM token ‘okta’")
    assert not ApiToken.objects.filter(user=user).exists()


def test_erasing_a_person_revokes_all_their_tokens(employee_person, api_admin):
    session = _session_token(employee_person.user)
    response = api_admin.post(
        f"/api/v1/people/{employee_person.pk}/erase", {"confirmation": "ERASE"}
    )
    assert response.status_code == 200
    assert _bearer(session).get("/api/v1/me").status_code == 401


def test_a_personal_token_expires_after_90_days_by_default(api_employee, employee_person):
    created = api_employee.post("/api/v1/me/tokens", {"name": "sync"}).json()
    expires = dt.datetime.fromisoformat(created["expires_at"])
    assert abs(expires - (clock.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    [listed] = [t for t in api_employee.get("/api/v1/me/tokens").json() if t["kind"] == "personal"]
    assert listed["expires_at"] == created["expires_at"]
    assert listed["last_used_at"] is None
    assert _bearer(created["token"]).get("/api/v1/me").status_code == 200
    [listed] = [t for t in api_employee.get("/api/v1/me/tokens").json() if t["kind"] == "personal"]
    assert listed["last_used_at"] is not None


def test_a_personal_token_may_expire_sooner_or_never(api_employee):
    short = api_employee.post("/api/v1/me/tokens", {"name": "a", "expires_in_days": 7}).json()
    never = api_employee.post("/api/v1/me/tokens", {"name": "b", "expires_in_days": None})
    assert dt.datetime.fromisoformat(short["expires_at"]) < clock.now() + dt.timedelta(days=8)
    assert never.json()["expires_at"] is None


@pytest.mark.parametrize("days", [0, -1, 367, "soon"])
def test_an_impossible_expiry_is_a_422_naming_the_field(api_employee, days):
    response = api_employee.post("/api/v1/me/tokens", {"name": "a", "expires_in_days": days})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "expires_in_days"


def test_an_expired_personal_token_is_refused(employee_person):
    token, clear = issue_token(user=employee_person.user, kind="personal", name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))
    assert _bearer(clear).get("/api/v1/me").status_code == 401


def test_the_tokens_page_creates_a_token_with_the_chosen_expiry_and_shows_it(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    html = client.get("/accounts/tokens/").content.decode()
    assert '<option value="90" selected>' in html
    client.post("/accounts/tokens/", {"name": "yearly", "expires_in_days": "365"})
    client.post("/accounts/tokens/", {"name": "forever", "expires_in_days": ""})
    tokens = {t.name: t for t in ApiToken.objects.filter(user=employee_person.user)}
    assert tokens["yearly"].expires_at is not None
    assert tokens["yearly"].expires_at > clock.now() + dt.timedelta(days=364)
    assert tokens["forever"].expires_at is None
    page = client.get("/accounts/tokens/").content.decode()
    assert '<th scope="col">Expires</th>' in page
    assert "Never" in page


def test_the_tokens_page_refuses_a_made_up_expiry_with_a_message(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    html = client.post(
        "/accounts/tokens/", {"name": "x", "expires_in_days": "soon"}
    ).content.decode()
    assert "Choose an expiry between 1 and 366 days" in html
    assert not ApiToken.objects.filter(user=employee_person.user, kind="personal").exists()


def test_nobody_lists_or_revokes_someone_elses_tokens(employee_person, leader_person):
    token, _ = issue_token(user=employee_person.user, kind="personal", name="mine")
    other = ApiClient(leader_person.user)
    assert all(t["name"] != "mine" for t in other.get("/api/v1/me/tokens").json())
    assert other.delete(f"/api/v1/me/tokens/{token.pk}").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
