"""The demo mentee, in a real browser: adds a goal and a milestone, schedules a meeting,
downloads its invite, completes the milestone — and the private notes stay private."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tandem.core import clock
from tandem.relationships.models import Meeting, Note, Relationship

pytestmark = pytest.mark.e2e


def _open_my_relationship(page, live_server):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My mentoring").click()
    expect(page.get_by_role("heading", name="My mentoring")).to_be_visible()
    page.locator(".card-link").first.click()
    expect(page.locator("#next-steps")).to_be_visible()


def test_the_demo_mentee_sets_a_goal_schedules_a_meeting_and_celebrates_a_milestone(
    page, live_server, demo_org, login, screenshot, tmp_path
):
    today = clock.today()
    login(page, live_server, demo_org["mentee"])
    _open_my_relationship(page, live_server)
    expect(page.locator("#other-person")).to_contain_text("Their time now")
    screenshot(page, "relationship-home-mentee")

    page.locator(".page-actions").get_by_role("link", name="Add a goal").click()
    page.get_by_label("Specific — the goal").fill("Write and share a team onboarding guide")
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator(".field-error").first).to_contain_text("Measurable")
    page.get_by_label("Measurable — how you will know").fill("Guide published; 3 newcomers use it")
    page.get_by_label("Achievable — the plan").fill("Interview 3 newcomers, draft, review")
    page.get_by_label("Relevant — why it matters").fill("Onboarding is my team's weak spot")
    page.get_by_label("Time-bound — due date").fill((today + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Save goal").click()
    expect(
        page.get_by_role("heading", name="Write and share a team onboarding guide")
    ).to_be_visible()

    page.get_by_label("New milestone").fill("Interview three newcomers")
    page.get_by_label("Due").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator("#milestones")).to_contain_text("Interview three newcomers")
    screenshot(page, "relationship-goal")
    goal_url = page.url

    relationship = Relationship.objects.get(
        members__participant__person__email=demo_org["mentee"],
        goals__title="Write and share a team onboarding guide",
    )
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/")
    page.locator(".page-actions").get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_label("Agenda")).not_to_be_empty()
    page.get_by_label("Date").fill((today + dt.timedelta(days=3)).isoformat())
    page.get_by_label("Time", exact=True).fill("10:30")
    page.get_by_label("Duration (minutes)").fill("30")
    page.get_by_label("Location or link").fill("https://meet.example.com/onboarding")
    page.get_by_role("button", name="Schedule and send invites").click()
    expect(page.locator(".messages")).to_contain_text("Meeting scheduled")
    expect(page).to_have_url(re.compile(r"/relationships/meetings/\d+/$"))
    meeting = Meeting.objects.get(
        relationship=relationship, pk=int(page.url.rstrip("/").rsplit("/", 1)[1])
    )
    expect(page.locator(".facts")).to_contain_text(meeting.time_zone)
    screenshot(page, "relationship-meeting")

    with page.expect_download() as info:
        page.locator("#download-invite").click()
    path = Path(tmp_path) / "invite.ics"
    info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@tandem"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["LOCATION"]) == "https://meet.example.com/onboarding"

    page.goto(goal_url)
    page.locator("#milestones li", has_text="Interview three newcomers").get_by_role(
        "button", name="Mark done"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Milestone completed")
    expect(
        page.locator("#milestones li.done", has_text="Interview three newcomers")
    ).to_be_visible()
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/")
    expect(page.locator("#celebrations")).to_contain_text("Interview three newcomers")
    screenshot(page, "relationship-home-after")


def test_the_mentor_never_sees_the_mentees_private_note_and_the_manager_sees_no_notes(
    page, live_server, demo_org, login, screenshot
):
    private = Note.objects.filter(visibility="private", author__email=demo_org["mentee"]).first()
    assert private is not None
    relationship = private.relationship
    shared = Note.objects.filter(relationship=relationship, visibility="shared").first()
    assert shared is not None
    login(page, live_server, demo_org["mentor"])
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/notes/")
    expect(page.get_by_role("heading", name="Notes", exact=True)).to_be_visible()
    # Absence proves nothing until the list is there: the mentor does see the shared note.
    expect(page.locator(".note-body", has_text=shared.body)).to_be_visible()
    assert private.body not in page.content()

    login(page, live_server, demo_org["manager"])  # signs the mentor out first
    page.goto(f"{live_server.url}/relationships/program/{relationship.program_id}/")
    expect(page.locator("#program-relationships")).to_be_visible()
    screenshot(page, "relationships-manager-view")
    content = page.content()
    assert private.body not in content
    assert shared.body not in content
    assert "Shared summary" not in content
