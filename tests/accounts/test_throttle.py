"""Password sign-in is throttled per account and per client address; a locked account is
refused even with the right password, with the same answer for known and unknown emails;
an org admin unlocks it; locks and unlocks are audited (issue 15.3)."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts.models import SignInThrottle
from tandem.core.models import AuditLog
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


def _token(email, password, address="203.0.113.7"):
    return Client().post(
        TOKEN,
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def _fail(email, times, address="203.0.113.7"):
    return [_token(email, "wrong", address).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(
    employee_person,
):
    assert _fail(employee_person.email, 5) == [401] * 5
    response = _token(employee_person.email, PASSWORD)
    assert response.status_code == 429
    assert 840 < int(response["Retry-After"]) <= 900
    assert "Too many failed sign-in attempts" in response.json()["detail"]


def test_a_locked_unknown_email_gets_the_same_answer_as_a_known_one(employee_person):
    _fail(employee_person.email, 5)
    _fail("nobody@example.org", 5)
    known = _token(employee_person.email, "wrong")
    unknown = _token("nobody@example.org", "wrong")
    assert known.status_code == unknown.status_code == 429
    assert known.json() == unknown.json()
    assert _token("nobody@example.org", "wrong").json()["detail"] == known.json()["detail"]


def test_the_unlocked_answer_is_the_same_for_known_and_unknown_emails(employee_person):
    known = _token(employee_person.email, "wrong").json()
    unknown = _token("nobody@example.org", "wrong").json()
    assert known == unknown


def test_the_lock_ends_after_the_lockout(employee_person, settings):
    settings.TANDEM_SIGNIN_LOCKOUT_SECONDS = 0
    _fail(employee_person.email, 5)
    assert _token(employee_person.email, PASSWORD).status_code == 200


def test_a_success_before_the_limit_clears_the_accounts_count(employee_person):
    _fail(employee_person.email, 4)
    assert _token(employee_person.email, PASSWORD).status_code == 200
    assert _fail(employee_person.email, 4) == [401] * 4
    assert _token(employee_person.email, PASSWORD).status_code == 200


def test_one_address_trying_many_accounts_is_locked(db):
    people = [EmployeeFactory() for _ in range(5)]
    statuses = [s for p in people for s in _fail(p.email, 4)]
    assert statuses == [401] * 20
    fresh = EmployeeFactory()
    assert _token(fresh.email, PASSWORD).status_code == 429
    assert _token(fresh.email, PASSWORD, address="198.51.100.2").status_code == 200


def test_the_login_page_is_throttled_too_with_a_429_and_retry_after(employee_person):
    for _ in range(5):
        response = Client().post(LOGIN, {"username": employee_person.email, "password": "x"})
        assert response.status_code == 200
    response = Client().post(LOGIN, {"username": employee_person.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_an_org_admin_sees_and_lifts_a_lock_in_the_api_and_it_is_audited(
    employee_person, api_admin
):
    _fail(employee_person.email, 5)
    locks = api_admin.get("/api/v1/auth/locks").json()
    [lock] = [row for row in locks if row["scope"] == "account"]
    assert lock["key"] == employee_person.email
    assert lock["failures"] == 5
    assert api_admin.delete(f"/api/v1/auth/locks/{lock['id']}").status_code == 204
    assert _token(employee_person.email, PASSWORD, address="198.51.100.9").status_code == 200
    assert AuditLog.objects.filter(action="signin.lock").exists()
    assert AuditLog.objects.filter(action="signin.unlock").count() == 1


def test_an_org_admin_unlocks_on_the_sign_in_locks_page(employee_person, admin_person):
    _fail(employee_person.email, 5)
    lock = SignInThrottle.objects.get(scope="account")
    client = Client()
    client.force_login(admin_person.user)
    page = client.get("/accounts/sign-in-locks/")
    assert employee_person.email in page.content.decode()
    response = client.post("/accounts/sign-in-locks/", {"unlock": lock.pk}, follow=True)
    assert "Unlocked" in response.content.decode()
    assert not SignInThrottle.objects.filter(pk=lock.pk).exists()


@pytest.mark.parametrize("role", ["employee", "leader"])
def test_nobody_but_an_org_admin_may_see_or_lift_locks(employee_person, leader_person, role):
    _fail("someone@example.org", 5)
    lock = SignInThrottle.objects.get(scope="account")
    user = {"employee": employee_person.user, "leader": leader_person.user}[role]
    api = ApiClient(user)
    assert api.get("/api/v1/auth/locks").status_code == 403
    assert api.delete(f"/api/v1/auth/locks/{lock.pk}").status_code == 403
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/sign-in-locks/").status_code == 403
    assert client.post("/accounts/sign-in-locks/", {"unlock": lock.pk}).status_code == 403
    assert SignInThrottle.objects.filter(pk=lock.pk).exists()


def test_an_anonymous_caller_cannot_see_locks(db):
    assert ApiClient().get("/api/v1/auth/locks").status_code == 401
    assert Client().get("/accounts/sign-in-locks/").status_code == 302


def test_old_counts_that_can_no_longer_lock_anything_are_forgotten(employee_person, settings):
    settings.TANDEM_SIGNIN_WINDOW_SECONDS = 0
    _fail("someone@example.org", 1, address="198.51.100.7")
    _fail(employee_person.email, 1)
    keys = set(SignInThrottle.objects.values_list("key", flat=True))
    assert "someone@example.org" not in keys
    assert employee_person.email in keys
