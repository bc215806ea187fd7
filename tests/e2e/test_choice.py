"""Mentee choice in a real browser, on the demo's flash-mentoring program: the demo mentee
asks a recommended mentor; the demo mentor accepts a request waiting in their inbox."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.programs.models import Program

pytestmark = pytest.mark.e2e


def _flash() -> Program:
    if not Program.objects.exists():
        pytest.skip("the demo fell back to the tiny organisation (no mentee-choice program)")
    program = Program.objects.filter(template_key="flash_mentoring").first()
    assert program is not None, "the demo has no flash-mentoring program (matchmaking/demo.py)"
    return program


def test_the_demo_mentee_asks_a_recommended_mentor(page, live_server, demo_org, login, screenshot):
    program = _flash()
    login(page, live_server, demo_org["mentee"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matching").click()
    # The home page may link to the program too (its card): be on the Matching page first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Matching")
    page.get_by_role("link", name=program.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your mentor")
    first = page.locator("#recommendations article.card").first
    expect(first.locator(".reasons li").first).to_be_visible()
    expect(page.locator("#my-requests")).to_contain_text("Declined")
    screenshot(page, "choice-choose")
    mentor = first.locator("h3").inner_text()
    first.get_by_text(f"Request {mentor}").click()
    first.get_by_label(f"Message to {mentor}").fill("Could we talk about planning a workshop?")
    first.get_by_role("button", name="Send request").click()
    expect(page.locator("#pending-request")).to_contain_text(mentor)
    expect(page.locator("#my-requests")).to_contain_text("Waiting for an answer")


def test_the_demo_mentor_accepts_a_request_from_the_inbox(
    page, live_server, demo_org, login, screenshot
):
    _flash()
    login(page, live_server, demo_org["mentor"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matching").click()
    expect(page.locator("#requests-waiting")).to_contain_text("2 mentees asked you")
    page.get_by_role("link", name="Answer them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring requests")
    rows = page.locator("#pending-requests tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "choice-inbox")
    mentee = rows.first.locator("strong").inner_text()
    rows.first.get_by_role("button", name=f"Accept {mentee}").click()
    expect(page.locator(".message-success")).to_contain_text(f"You now mentor {mentee}")
    expect(page.locator("#pending-requests tbody tr")).to_have_count(1)


def test_on_a_phone_the_mentor_answers_without_scrolling_sideways(
    mobile_page, live_server, demo_org, login, screenshot
):
    _flash()
    login(mobile_page, live_server, demo_org["mentor"])
    mobile_page.goto(f"{live_server.url}/matchmaking/requests/")
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text("Mentoring requests")
    accept = mobile_page.locator("#pending-requests tbody tr").first.get_by_role("button").first
    expect(accept).to_be_visible()
    box = accept.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    wide = mobile_page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].some(w => w.scrollWidth > w.clientWidth + 1)"
    )
    assert not wide
    screenshot(mobile_page, "choice-inbox-mobile")
