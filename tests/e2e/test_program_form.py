"""The program form in a browser: one section at a time, rows added and removed, saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.programs.models import Program
from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("fixture", ["page", "mobile_page"])
def test_a_manager_steps_through_the_program_form_and_adds_a_week(
    request, fixture, live_server, demo_org, login
):
    page = request.getfixturevalue(fixture)
    program = Program.objects.filter(managers__email=demo_org["manager"]).order_by("pk").first()
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{program.pk}/edit/")
    expect(page.get_by_role("heading", name="1. Basics")).to_be_visible()
    expect(page.get_by_role("heading", name="4. Content")).to_be_hidden()
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Sections of the program form").get_by_role(
        "link", name="4. Content"
    ).click()
    content = page.locator("#step-4")
    expect(content.get_by_role("heading", name="4. Content")).to_be_visible()
    rows = content.locator("#curriculum-rows [data-row]")
    before = rows.count()
    content.get_by_role("button", name="Add a week").click()
    expect(rows).to_have_count(before + 1)
    rows.last.locator('input[name="curriculum_topic"]').fill("Wrap-up and next steps")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert axe_violations(page) == []
    if before > 1:
        rows.first.get_by_role("button", name="Remove").click()
        expect(rows).to_have_count(before)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Program saved.")
    program.refresh_from_db()
    assert program.curriculum[-1]["topic"] == "Wrap-up and next steps"  # the week after the last
