"""Each role's home answers "what should I do now?" first, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("fixture", ["page", "mobile_page"])
@pytest.mark.parametrize(
    ("role", "first_words"),
    [
        ("mentee", "Accept your mentoring agreement|Next meeting|Plan your next|Goal:"),
        ("mentor", "mentoring request|Next meeting|Plan your next|Accept your"),
        ("manager", "Decide on|Review match run|at risk"),
    ],
)
def test_the_home_page_starts_with_what_to_do_now(
    request, fixture, role, first_words, live_server, demo_org, login
):
    import re

    page = request.getfixturevalue(fixture)
    login(page, live_server, demo_org[role])
    page.goto(f"{live_server.url}/")
    steps = page.locator("#next-steps")
    expect(steps.get_by_role("heading", name="What to do now")).to_be_visible()
    first = steps.locator(".next-step").first
    expect(first).to_be_visible()
    expect(first).to_contain_text(re.compile(first_words))
    box = steps.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"]  # above the fold
    action = first.get_by_role("link")
    expect(action).to_be_visible()
    assert axe_violations(page) == []
