"""SAML 2.0 sign-in against pysaml2's identity provider running in the test process."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tandem.accounts.models import SsoIdentity
from tandem.core.models import AuditLog
from tests.factories import PersonFactory
from tests.saml_idp import LocalIdP, default_attributes, make_key_pair

pytestmark = pytest.mark.skipif(
    shutil.which("xmlsec1") is None, reason="SAML needs xmlsec1 (apt-get install xmlsec1)"
)
ENTITY_ID = "http://testserver/accounts/saml/metadata/"
ACS = "http://testserver/accounts/saml/acs/"


@pytest.fixture
def idp(tmp_path: Path, settings: Any, db: Any) -> LocalIdP:
    provider = LocalIdP.create(tmp_path)
    settings.TANDEM_SAML_IDP_METADATA = str(provider.metadata_path)
    provider.sp_metadata = Client().get("/accounts/saml/metadata/").content.decode()
    return provider


def _post(client: Client, saml_response: str) -> Any:
    return client.post("/accounts/saml/acs/", {"SAMLResponse": saml_response})


def test_the_sp_metadata_names_the_entity_id_acs_and_nameid_format(idp: LocalIdP) -> None:
    xml = Client().get("/accounts/saml/metadata/")
    assert xml["Content-Type"] == "application/samlmetadata+xml"
    text = xml.content.decode()
    assert f'entityID="{ENTITY_ID}"' in text
    assert ACS in text
    assert "nameid-format:persistent" in text
    assert 'WantAssertionsSigned="true"' in text


def test_a_person_signs_in_with_a_signed_assertion(idp: LocalIdP) -> None:
    person = PersonFactory(email="ada@example.com")
    client = Client()
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
    )
    response = _post(client, saml)
    assert response.status_code == 302, response.content.decode()[-2000:]
    person.refresh_from_db()
    assert client.session["_auth_user_id"] == str(person.user_id)
    assert SsoIdentity.objects.get(provider="saml").subject.endswith("|ada-1")


def test_sp_initiated_sign_in_returns_to_the_page_asked_for(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    client = Client()
    start = client.get("/accounts/saml/login/", {"next": "/people/"})
    assert start.status_code == 302 and start["Location"].startswith("https://idp.example.test/")
    request_id = next(iter(client.session["tandem_saml_outstanding"]))
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
        in_response_to=request_id,
    )
    response = _post(client, saml)
    assert response.status_code == 302 and response["Location"] == "/people/"


def test_the_attribute_mapping_is_configurable(idp: LocalIdP, settings: Any) -> None:
    settings.TANDEM_SAML_ATTRIBUTES = '{"email": "workEmail", "employee_id": "staffNo"}'
    settings.TANDEM_SSO_MATCH_BY = "employee_id"
    person = PersonFactory(employee_id="S-9", email="other@example.com")
    saml = idp.response(
        subject="s9",
        attributes={"staffNo": ["S-9"], "workEmail": ["x@example.com"]},
        acs=ACS,
        audience=ENTITY_ID,
    )
    assert _post(Client(), saml).status_code == 302
    person.refresh_from_db()
    assert person.user is not None


def test_a_wrong_audience_gets_a_page_naming_both_values(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience="https://tandem.example.com/saml",
    )
    response = _post(Client(), saml)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Audience does not match" in page
    assert "https://tandem.example.com/saml" in page and ENTITY_ID in page
    assert AuditLog.objects.filter(action="sso.refused").exists()


def test_an_idp_clock_far_ahead_is_refused_naming_the_start(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
        clock_offset_seconds=600,
    )
    response = _post(Client(), saml)
    assert response.status_code == 403
    assert "Validity start (NotBefore)" in response.content.decode()


def test_an_expired_assertion_is_refused_naming_the_expiry(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
        clock_offset_seconds=-2 * 3600,
    )
    response = _post(Client(), saml)
    assert response.status_code == 403
    assert "Expiry (NotOnOrAfter)" in response.content.decode()


def test_an_idp_clock_a_little_ahead_is_tolerated(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
        clock_offset_seconds=90,
    )
    response = _post(Client(), saml)
    assert response.status_code == 302, response.content.decode()[-1500:]


def test_a_bad_signature_is_refused_naming_the_certificates(idp: LocalIdP, tmp_path: Path) -> None:
    PersonFactory(email="ada@example.com")
    rogue = make_key_pair(tmp_path, "rogue")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
        signing_key=rogue,
    )
    client = Client()
    response = _post(client, saml)
    assert response.status_code == 403
    assert "Signing certificate" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_replayed_response_is_refused(idp: LocalIdP) -> None:
    PersonFactory(email="ada@example.com")
    saml = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
    )
    assert _post(Client(), saml).status_code == 302
    again = Client()
    response = _post(again, saml)
    assert response.status_code == 403
    assert "Response replayed" in response.content.decode()
    assert "_auth_user_id" not in again.session


def test_an_unknown_person_is_refused(idp: LocalIdP) -> None:
    saml = idp.response(
        subject="x",
        attributes=default_attributes("nobody@example.com"),
        acs=ACS,
        audience=ENTITY_ID,
    )
    response = _post(Client(), saml)
    assert response.status_code == 403 and b"Not in the directory" in response.content


def test_saml_pages_are_404_when_not_configured(db: Any) -> None:
    assert Client().get("/accounts/saml/metadata/").status_code == 404
    assert Client().post("/accounts/saml/acs/", {"SAMLResponse": "x"}).status_code == 404
