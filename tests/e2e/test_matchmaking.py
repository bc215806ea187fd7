"""Matching in a real browser: the demo manager reviews and publishes the run of the matching
program; the demo mentee sees their mentor and why they were matched."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.matchmaking.models import MatchRun
from tandem.relationships.models import Relationship

pytestmark = pytest.mark.e2e


def _matching_run() -> MatchRun:
    return MatchRun.objects.filter(status="completed", program__status="matching").get()


def test_the_manager_locks_reassigns_and_publishes_the_demo_run(
    page, live_server, demo_org, login, screenshot
):
    run = _matching_run()
    login(page, live_server, demo_org["manager"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Matching").click()
    # The home page also links to the program (its card): wait for the Matching page first,
    # or the next click can land on the home page's link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Matching")
    page.get_by_role("link", name=run.program.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matching in")
    screenshot(page, "matchmaking-program")
    page.get_by_role("link", name=f"#{run.pk}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Match run #{run.pk}")
    expect(page.locator("#run-stats")).to_contain_text("mentees matched")
    expect(page.locator("#fairness")).to_contain_text("By department")
    rows = page.locator("#proposals-table tbody tr")
    expect(rows.first.locator(".score-bar")).to_be_visible()
    expect(rows.first.locator(".reasons li").first).to_be_visible()
    screenshot(page, "matchmaking-run")

    first = rows.nth(0).get_attribute("data-mentee")
    page.get_by_role("button", name=f"Lock the pair of {first}").click()
    # The message exists only on the page the POST redirects to: the lock is written.
    expect(page.locator(".message-success")).to_contain_text("Pair locked")
    expect(page.locator(f'#proposals-table tr[data-mentee="{first}"]')).to_have_class(
        re.compile(r"\bis-locked\b")
    )
    expect(page.locator("#proposals-table tbody tr.is-locked")).to_have_count(1)

    second = page.locator("#proposals-table tbody tr:not(.is-locked)").first
    mentee = second.get_attribute("data-mentee")
    second.get_by_role("link", name=f"Reassign the mentor of {mentee}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(mentee)
    # count() does not wait: let the whole form be parsed before counting the options.
    expect(page.get_by_role("button", name="Save")).to_be_visible()
    select = page.get_by_label("New mentor")
    options = select.locator("option")
    select.select_option(index=options.count() - 1)
    # The form either redirects to the run or comes back with warnings to acknowledge; wait
    # for the submission's page before deciding which, or the check races the navigation.
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    if page.locator("#reassign-warnings").count():
        screenshot(page, "matchmaking-reassign-warning")
        page.get_by_label("I have read the warnings").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Match run #{run.pk}")
    expect(page.locator(f'#proposals-table tr[data-mentee="{mentee}"]')).to_contain_text(
        "set by hand"
    )

    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish run")
    page.get_by_role("button", name="Publish and notify").click()
    expect(page.locator(".callout-success")).to_contain_text("Published")
    screenshot(page, "matchmaking-published")
    expect(page.get_by_role("link", name="Publish…")).to_have_count(0)  # sent before the callout
    # The success callout is rendered from the published run: the write has finished.
    assert Relationship.objects.filter(match_run_id=run.pk).count() >= 1


def test_the_manager_tries_other_weights_and_compares(
    page, live_server, demo_org, login, screenshot
):
    run = _matching_run()
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/matchmaking/runs/{run.pk}/")
    page.get_by_label("Shared language").fill("6")
    page.get_by_label("Seniority gap").fill("0")
    page.get_by_role("button", name="Run again with these weights").click()
    # The page being left is a finished run too ("Ready to review"): first make sure this is
    # the new run's page, then check its status.
    expect(page.locator(".message-success")).to_contain_text("started")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Match run #\d+$"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text(f"Match run #{run.pk}")
    expect(page.locator(".page-subtitle .badge")).to_have_text("Ready to review")
    page.get_by_role("link", name=f"Compare with #{run.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What changed")
    expect(page.locator("#compare-stats")).to_contain_text("changed mentor")
    expect(page.locator("#fairness-movement")).to_contain_text("By level")
    screenshot(page, "matchmaking-compare")


def test_the_demo_mentee_sees_their_mentor_and_the_reasons(
    page, live_server, demo_org, login, screenshot
):
    relationship = Relationship.objects.get(
        members__participant__person__email=demo_org["mentee"],
        match_run_id__isnull=False,
    )
    run = MatchRun.objects.get(pk=relationship.match_run_id)
    assert run.status == "published"
    login(page, live_server, demo_org["mentee"])
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/")
    mentor = relationship.members.get(role="mentor").participant.person
    expect(page.locator("body")).to_contain_text(mentor.full_name)
    why = page.locator("#why-matched")
    expect(why).to_contain_text("Why you were matched")
    expect(why.locator("li").first).to_be_visible()
    screenshot(page, "matchmaking-mentee-match")
    response = page.goto(f"{live_server.url}/matchmaking/runs/{run.pk}/")
    assert response is not None and response.status in {403, 404}
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Match run"))
