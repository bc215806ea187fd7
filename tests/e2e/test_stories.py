"""Success stories in a real browser: the demo manager writes one, the demo mentee agrees on
their relationship home, the mentor's consent publishes it on the program's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.learning import stories
from tandem.people.models import Person
from tandem.relationships.models import Relationship

from .accessibility import axe_violations

pytestmark = pytest.mark.e2e


def test_a_member_consents_on_their_relationship_page_and_the_story_shows_on_the_program(
    page, live_server, demo_org, login, screenshot
):
    mentee = Person.objects.get(email=demo_org["mentee"])
    mentor = Person.objects.get(email=demo_org["mentor"])
    relationship = (
        Relationship.objects.filter(members__participant__person=mentee)
        .filter(members__participant__person=mentor)
        .first()
    )
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{relationship.program_id}/")
    page.locator("#success-stories").get_by_role("link", name="Write a story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a success story")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ask the members to agree").click()
    expect(page.locator(".has-error").first).to_be_visible()
    page.get_by_label("The relationship it is about").select_option(str(relationship.pk))
    page.get_by_label("Title").fill("Learning to say no, kindly")
    page.get_by_label("The story").fill("They practised **declining** requests with a reason.")
    page.get_by_role("button", name="Ask the members to agree").click()
    expect(page.locator(".message-success")).to_contain_text("asked to agree")
    expect(page.locator("#success-stories")).to_contain_text("0 of 2 members agreed")
    assert axe_violations(page) == []
    story = relationship.stories.get(title="Learning to say no, kindly")
    stories.consent_to_story(actor=mentor.user, story=story)

    page.context.clear_cookies()
    login(page, live_server, demo_org["mentee"])
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/")
    card = page.locator(f"#story-{story.pk}")
    expect(card).to_contain_text("1 of 2 members agreed")
    assert axe_violations(page) == []
    card.get_by_role("button", name="I agree to publish").click()
    expect(page.locator(".message-success")).to_contain_text("Everyone agreed")
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("Published")
    screenshot(page, "learning-story-consented")
    page.goto(f"{live_server.url}/programs/{relationship.program_id}/")
    published = page.locator("#success-stories").locator(f"#story-{story.pk}")
    expect(published).to_contain_text("Learning to say no, kindly")
    expect(published.locator("strong")).to_have_text("declining")
    assert axe_violations(page) == []
    screenshot(page, "learning-story-on-program-page")


def test_the_manager_announces_the_next_cycle_quoting_last_cycles_story(
    page, live_server, demo_org, login, screenshot
):
    from tandem.learning.demo_stories import TITLE
    from tandem.programs.models import ProgramAnnouncement

    quoted = ProgramAnnouncement.objects.get(story__title=TITLE)
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{quoted.program_id}/announce/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Announce")
    select = page.get_by_label("Quote a success story")
    expect(select.locator("option")).to_have_text(["No story", TITLE])
    assert axe_violations(page) == []
    select.select_option(label=TITLE)
    page.get_by_label("Send again even if already announced").check()
    page.get_by_role("button", name="Send to").click()
    expect(page.locator(".message-success")).to_contain_text("Announcement sent")
    latest = ProgramAnnouncement.objects.filter(program_id=quoted.program_id).first()
    assert latest.story_id == quoted.story_id
    assert f"“{TITLE}”" in latest.body
    screenshot(page, "programs-announce-with-story")
