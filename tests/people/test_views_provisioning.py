"""The provisioning page: admins only; a new token is shown once; revoking works."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.people.models import ScimToken


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_an_admin_creates_and_revokes_a_token_on_the_page(admin_person: Any) -> None:
    client = _client(admin_person)
    page = client.post("/people/provisioning/", {"name": "Entra"})
    assert page.status_code == 200
    token = ScimToken.objects.get()
    assert b"tdmscim_" in page.content and b"/scim/v2/" in page.content
    assert token.digest.encode() not in page.content
    again = client.get("/people/provisioning/")
    assert b"Your new provisioning token" not in again.content
    client.post("/people/provisioning/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("who", ["employee_person", "leader_person"])
def test_the_provisioning_page_refuses_everyone_but_admins(who: str, request: Any) -> None:
    client = _client(request.getfixturevalue(who))
    assert client.get("/people/provisioning/").status_code == 403
    assert client.post("/people/provisioning/", {"name": "x"}).status_code == 403
    assert ScimToken.objects.count() == 0


def test_the_provisioning_page_sends_anonymous_people_to_sign_in(db: Any) -> None:
    response = Client().get("/people/provisioning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
