"""Insights and surveys in a real browser: the leader's dashboard with its charts, a program's
dashboard, an anonymous survey whose results appear only at the fifth response."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def test_the_leaders_home_leads_to_a_dashboard_with_charts_and_tables(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, "leader@demo.tandem.test")
    page.get_by_role("link", name="Open the dashboard →").click()
    expect(page.get_by_role("heading", name="Insights: the organisation")).to_be_visible()
    expect(page.locator('[data-chart="funnel"] .main-svg').first).to_be_visible()
    expect(page.locator('[data-chart="programs"] .main-svg').first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "insights-org")
    page.locator("main table a").first.click()
    expect(page.locator("#measures")).to_contain_text("Goal completion")
    expect(page.locator('[data-chart="health"] .main-svg').first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "insights-program")
