"""In a real browser: a locked-out sign-in explains itself and an org admin lifts the lock;
personal tokens are created with an expiry; both pages have no axe-core violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def _wrong_passwords(page, live_server, email, times):  # type: ignore[no-untyped-def]
    for _ in range(times):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_locked_account_is_told_to_wait_and_an_admin_unlocks_it(
    page, live_server, demo_org, login
):
    _wrong_passwords(page, live_server, demo_org["employee"], 6)
    expect(page.get_by_text("Too many failed sign-in attempts")).to_be_visible()
    assert axe_violations(page) == []

    login(page, live_server, demo_org["admin"])
    page.goto(f"{live_server.url}/accounts/sign-in-locks/")
    expect(page.locator("#signin-locks")).to_contain_text(demo_org["employee"])
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Unlock {demo_org['employee']}").click()
    expect(page.get_by_text(f"Unlocked {demo_org['employee']}")).to_be_visible()
    expect(page.get_by_role("heading", name="Nothing is locked")).to_be_visible()


def test_a_personal_token_is_created_with_the_chosen_expiry(page, live_server, demo_org, login):
    login(page, live_server, demo_org["mentor"])
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.fill("#token-name", "Calendar sync")
    page.select_option("#token-expiry", "30")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("tdm_")
    expect(page.locator("table")).to_contain_text("Calendar sync")
    assert axe_violations(page) == []
