"""OpenID Connect sign-in against a real provider running in the test process."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from tandem.accounts.models import SsoIdentity, User
from tandem.core.models import AuditLog
from tandem.people.models import Person
from tests.factories import PersonFactory
from tests.oidc_provider import Provider, oidc_settings, running_provider


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def oidc(provider: Provider, settings: Any, db: Any) -> Provider:
    for name, value in oidc_settings(provider).items():
        setattr(settings, name, value)
    provider.token_requests.clear()
    return provider


def _start(client: Client, next_url: str = "") -> str:
    response = client.get("/accounts/oidc/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content
    return response["Location"]


def _finish(client: Client, provider: Provider, authorize_url: str, sub: str) -> Any:
    back = urlparse(provider.authorize(authorize_url, sub))
    return client.get(back.path, parse_qs(back.query))


def test_a_person_signs_in_with_pkce_state_and_nonce(oidc: Provider) -> None:
    person = PersonFactory(email="ada@example.com")
    oidc.set_user("ada-sub", email="ada@example.com", email_verified=True, name="Ada L")
    client = Client()
    authorize_url = _start(client, next_url="/people/")
    query = parse_qs(urlparse(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"]

    response = _finish(client, oidc, authorize_url, "ada-sub")

    assert response.status_code == 302, response.content.decode()[-1500:]
    assert response["Location"] == "/people/"
    verifier = oidc.token_requests[-1]["code_verifier"][0]
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert digest.decode() == query["code_challenge"][0]
    person.refresh_from_db()
    assert person.user is not None and not person.user.has_usable_password()
    assert SsoIdentity.objects.get(provider="oidc", subject="ada-sub").user == person.user
    assert client.get("/").status_code == 200


def test_a_returning_identity_is_found_by_subject_after_an_email_change(oidc: Provider) -> None:
    person = PersonFactory(email="ada@example.com")
    oidc.set_user("ada-sub", email="ada@example.com", email_verified=True)
    first = Client()
    assert _finish(first, oidc, _start(first), "ada-sub").status_code == 302
    oidc.set_user("ada-sub", email="ada.lovelace@example.com", email_verified=True)
    client = Client()
    assert _finish(client, oidc, _start(client), "ada-sub").status_code == 302
    person.refresh_from_db()
    assert client.session["_auth_user_id"] == str(person.user_id)


def test_an_unknown_person_is_refused_with_a_clear_page(oidc: Provider) -> None:
    oidc.set_user("who", email="stranger@example.com", email_verified=True)
    client = Client()
    response = _finish(client, oidc, _start(client), "who")
    assert response.status_code == 403
    assert b"Not in the directory" in response.content
    assert b"stranger@example.com" in response.content
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert AuditLog.objects.filter(action="sso.refused").exists()


def test_an_unknown_person_is_created_when_just_in_time_provisioning_is_on(
    oidc: Provider, settings: Any
) -> None:
    settings.TANDEM_SSO_JIT = True
    oidc.set_user("new", email="newbie@example.com", email_verified=True, name="New Bie")
    client = Client()
    assert _finish(client, oidc, _start(client), "new").status_code == 302
    person = Person.objects.get(email="newbie@example.com")
    assert person.full_name == "New Bie" and person.user is not None


def test_an_unverified_email_is_not_trusted(oidc: Provider) -> None:
    PersonFactory(email="ada@example.com")
    oidc.set_user("mallory", email="ada@example.com", email_verified=False)
    client = Client()
    response = _finish(client, oidc, _start(client), "mallory")
    assert response.status_code == 403 and b"Email not verified" in response.content


def test_people_are_matched_by_employee_id_when_configured(oidc: Provider, settings: Any) -> None:
    settings.TANDEM_SSO_MATCH_BY = "employee_id"
    person = PersonFactory(employee_id="E-42", email="old@example.com")
    oidc.set_user("e42", email="other@example.com", employee_id="E-42")
    client = Client()
    assert _finish(client, oidc, _start(client), "e42").status_code == 302
    person.refresh_from_db()
    assert person.user is not None


def test_a_deactivated_person_is_refused(oidc: Provider) -> None:
    PersonFactory(email="gone@example.com", status="terminated")
    oidc.set_user("gone", email="gone@example.com", email_verified=True)
    client = Client()
    response = _finish(client, oidc, _start(client), "gone")
    assert response.status_code == 403 and b"deactivated" in response.content


def test_a_callback_with_a_wrong_state_is_refused_and_audited(oidc: Provider) -> None:
    PersonFactory(email="ada@example.com")
    oidc.set_user("ada-sub", email="ada@example.com", email_verified=True)
    client = Client()
    back = urlparse(oidc.authorize(_start(client), "ada-sub"))
    params = parse_qs(back.query)
    params["state"] = ["forged"]
    response = client.get(back.path, params)
    assert response.status_code == 400
    assert b"did not match a sign-in started here" in response.content
    assert "_auth_user_id" not in client.session
    reasons = [e.after["reason"] for e in AuditLog.objects.filter(action="sso.refused")]
    assert reasons == ["Sign-in expired or came from elsewhere"]


def test_the_login_page_shows_the_sign_in_button_when_configured(oidc: Provider) -> None:
    page = Client().get("/accounts/login/")
    assert b"Sign in with Acme SSO" in page.content


def test_oidc_login_is_a_404_when_not_configured(db: Any) -> None:
    assert Client().get("/accounts/oidc/login/").status_code == 404
    assert b"Sign in with" not in Client().get("/accounts/login/").content
