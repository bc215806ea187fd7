"""Home pages by role in a real browser: the leader's home is the organisation dashboard
(charts drawn, tables beneath) and leads to the reach page, where a self-declared grouping
(gender, for Women in leadership) shows reach ratios and hides small groups; the program
manager's home lists their programs at a glance. Every page has 0 axe-core violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def test_the_leader_sees_the_dashboard_on_their_home_and_opens_a_programs_reach_by_gender(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, "leader@demo.tandem.test")
    home = page.locator("#insights-home")
    expect(home.get_by_role("heading", name="Your organisation at a glance")).to_be_visible()
    expect(home.locator('[data-chart="funnel"] .main-svg').first).to_be_visible()
    expect(home.locator('[data-chart="programs"] .main-svg').first).to_be_visible()
    expect(home.get_by_role("table").last).to_contain_text("Women in leadership")
    assert axe_violations(page) == []
    screenshot(page, "home-leader")

    home.get_by_role("link", name="Reach and culture →").click()
    expect(page.get_by_role("heading", name="Reach and culture", exact=True)).to_be_visible()
    page.get_by_label("Program").select_option(label="Women in leadership")
    page.get_by_label("Group by").select_option(label="Gender (self-declared)")
    page.get_by_role("button", name="Filter").click()
    expect(
        page.get_by_role("heading", name="Reach and culture: Women in leadership")
    ).to_be_visible()
    reach = page.locator("#reach")
    expect(reach.get_by_role("heading", name="Reach by gender (self-declared)")).to_be_visible()
    woman = reach.get_by_role("row", name=re.compile("^Woman"))
    expect(woman.locator("td").last).to_have_text(re.compile(r"^\d+\.\d\d$"))
    # fewer than 5 men take part in this program: hidden, and the next-smallest with them
    expect(reach.get_by_role("row", name=re.compile("^Man"))).to_contain_text("Hidden: small group")
    assert reach.get_by_text("Hidden: small group").count() >= 2
    expect(reach.locator('[data-chart="reach"] .main-svg').first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "reach-by-gender")


def test_the_program_managers_home_shows_their_programs_at_a_glance(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, "manager@demo.tandem.test")
    section = page.locator("#manager-home")
    expect(section.get_by_role("heading", name="Your programs at a glance")).to_be_visible()
    table = section.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("Women in leadership"))).to_be_visible()
    expect(table.get_by_role("link", name=re.compile("match runs to review")).first).to_be_visible()
    expect(
        table.get_by_role("link", name=re.compile("Midpoint|Check-in|survey", re.I)).first
    ).to_be_visible()
    expect(page.locator("#insights-home")).to_have_count(0)
    assert axe_violations(page) == []
    screenshot(page, "home-program-manager")


@pytest.mark.parametrize("role", ["leader", "manager"])
def test_on_a_phone_the_role_homes_fit_the_screen_with_no_violation(
    role, mobile_page, live_server, demo_org, login, screenshot
):
    page = mobile_page
    login(page, live_server, f"{role}@demo.tandem.test")
    section = page.locator("#insights-home" if role == "leader" else "#manager-home")
    expect(section.get_by_role("table").first).to_be_visible()
    if role == "leader":
        expect(section.locator('[data-chart="funnel"] .main-svg').first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the {role}'s home scrolls sideways ({width}px)"
    assert axe_violations(page) == []
    screenshot(page, f"home-{role}")
