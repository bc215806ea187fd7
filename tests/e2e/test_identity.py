"""Single sign-on in the browser: through a real OIDC provider running in the test
process, and the SAML error page an admin sees when the audience is wrong."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations
from tests.e2e.conftest import DESKTOP, PageProblems
from tests.factories import PersonFactory
from tests.oidc_provider import Provider, oidc_settings, running_provider
from tests.saml_idp import LocalIdP, default_attributes

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    with running_provider(host="127.0.0.1") as running:
        for name, value in oidc_settings(running).items():
            setattr(settings, name, value)
        yield running


@pytest.fixture
def sso_page(browser: Any, live_server: Any, provider: Provider) -> Iterator[Any]:
    """A page that may visit the identity provider (the mock's own page loads a CDN
    stylesheet, which is refused: nothing leaves the machine)."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(20_000)  # two servers take part in every step
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    problems = PageProblems(live_server.url)
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    page.on("request", problems.request)
    yield page
    context.close()
    outside = [u for u in problems.external if not u.startswith(provider.issuer)]
    assert [u for u in outside if "cdn.jsdelivr.net" not in u] == []
    assert problems.errors == []


def test_a_person_signs_in_through_the_local_oidc_provider(
    sso_page: Any, live_server: Any, provider: Provider, transactional_db: Any, screenshot: Any
) -> None:
    PersonFactory(email="ada@example.com", full_name="Ada Lovelace")
    provider.set_user("ada-sub", email="ada@example.com", email_verified=True, name="Ada L")
    sso_page.goto(f"{live_server.url}/accounts/login/")
    button = sso_page.get_by_role("link", name="Sign in with Acme SSO")
    expect(button).to_be_visible()
    assert axe_violations(sso_page) == []
    screenshot(sso_page, "login-with-sso")
    button.click()
    sso_page.wait_for_url(f"{provider.issuer}/oauth2/authorize*")
    sso_page.locator("input[name=sub]").fill("ada-sub")
    sso_page.get_by_role("button", name="Authorize").click()
    sso_page.wait_for_url(f"{live_server.url}/")
    expect(sso_page.get_by_text("Ada Lovelace").first).to_be_visible()
    screenshot(sso_page, "signed-in-with-oidc")


@pytest.mark.skipif(shutil.which("xmlsec1") is None, reason="SAML needs xmlsec1")
def test_the_saml_error_page_names_the_wrong_audience(
    page: Any,
    live_server: Any,
    transactional_db: Any,
    settings: Any,
    tmp_path: Path,
    screenshot: Any,
) -> None:
    idp = LocalIdP.create(tmp_path)
    settings.TANDEM_SAML_IDP_METADATA = str(idp.metadata_path)
    idp.sp_metadata = requests.get(f"{live_server.url}/accounts/saml/metadata/", timeout=10).text
    PersonFactory(email="ada@example.com")
    saml_response = idp.response(
        subject="ada-1",
        attributes=default_attributes("ada@example.com"),
        acs=f"{live_server.url}/accounts/saml/acs/",
        audience="https://tandem.example.com/saml",
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """([action, value]) => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = action;
            const field = document.createElement('input');
            field.type = 'hidden'; field.name = 'SAMLResponse'; field.value = value;
            form.appendChild(field); document.body.appendChild(form); form.submit();
        }""",
        [f"{live_server.url}/accounts/saml/acs/", saml_response],
    )
    expect(page.get_by_role("heading", name="Audience does not match")).to_be_visible()
    table = page.locator("#sso-mismatches")
    expect(table).to_contain_text("https://tandem.example.com/saml")
    expect(table).to_contain_text(f"{live_server.url}/accounts/saml/metadata/")
    assert axe_violations(page) == []
    screenshot(page, "saml-wrong-audience")


def test_the_provisioning_and_sso_pages_are_clean_for_an_admin(
    page: Any, live_server: Any, demo_org: Any, login: Any, screenshot: Any
) -> None:
    login(page, live_server, "admin@demo.tandem.test")
    page.goto(f"{live_server.url}/people/provisioning/")
    page.get_by_label("Token name").fill("Okta production")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("tdmscim_")
    assert axe_violations(page) == []
    screenshot(page, "provisioning")
    page.goto(f"{live_server.url}/accounts/sso/")
    expect(page.get_by_role("heading", name="SSO only")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "sso-settings")
