"""Engagement in a real browser: the manager's at-risk list and an intervention with its
follow-up, a person's notification settings and feed, and a digest email as received."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tandem.core import clock
from tandem.engagement import digest
from tandem.engagement.models import Intervention, NotificationPreference, RelationshipWatch
from tandem.people.models import Person
from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def test_the_manager_works_the_at_risk_list_and_records_an_intervention(
    page, live_server, demo_org, login, screenshot
):
    watch = (
        RelationshipWatch.objects.filter(band="at_risk")
        .select_related("relationship__program")
        .first()
    )
    assert watch is not None, "the demo has an at-risk relationship"
    program = watch.relationship.program
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="At-risk list and interventions →").click()
    expect(page.get_by_role("heading", name="Relationships that need attention")).to_be_visible()
    expect(page.locator("table")).to_contain_text("At risk")
    expect(page.locator(".signal-list").first).not_to_be_empty()
    assert axe_violations(page) == []
    screenshot(page, "engagement-at-risk")

    without = (
        RelationshipWatch.objects.filter(
            band__in=["at_risk", "watch"], relationship__program=program
        )
        .exclude(relationship__interventions__isnull=False)
        .first()
    ) or watch
    page.goto(
        f"{live_server.url}/engagement/relationships/{without.relationship_id}/interventions/new/"
    )
    expect(page.get_by_role("heading", name="Intervene")).to_be_visible()
    message = page.get_by_label("Message to the members")
    expect(message).to_have_value(re.compile("Hello both"))
    follow_up = (clock.today() + dt.timedelta(days=5)).isoformat()
    page.get_by_label("Follow up on").fill(follow_up)
    assert axe_violations(page) == []
    screenshot(page, "engagement-intervention-form")
    page.get_by_role("button", name="Record and carry out").click()
    expect(page.locator(".messages, .message-success").first).to_contain_text(
        "Intervention recorded"
    )
    expect(page.locator("dl.facts")).to_contain_text("Follow-up")
    item = Intervention.objects.filter(relationship_id=without.relationship_id).latest("created_at")
    assert item.follow_up_on.isoformat() == follow_up
    assert axe_violations(page) == []
    screenshot(page, "engagement-intervention")

    page.get_by_label("Outcome").select_option("recovered")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".message-success").first).to_contain_text("Intervention updated")
    page.goto(f"{live_server.url}/engagement/programs/{program.pk}/at-risk/")
    expect(page.get_by_role("heading", name="Relationships that need attention")).to_be_visible()
    expect(page.locator("table")).to_contain_text(re.compile("recovered", re.IGNORECASE))


def test_a_person_chooses_how_they_are_told_and_reads_the_grouped_feed(
    page, mobile_page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["mentee"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.locator(".feed-day").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "engagement-feed")
    page.get_by_role("link", name="Notification settings").click()
    expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()
    page.get_by_label("Celebrations: email").uncheck()
    page.get_by_label("How emails reach you").select_option("weekly")
    page.get_by_label("Quiet hours from").fill("21:00")
    page.get_by_label("Quiet hours until").fill("07:30")
    assert axe_violations(page) == []
    screenshot(page, "engagement-settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".message-success").first).to_contain_text("saved")
    pref = NotificationPreference.objects.get(person__email=demo_org["mentee"])
    assert pref.digest == "weekly" and pref.quiet_hours_end == dt.time(7, 30)
    assert pref.kinds["celebration"]["email"] is False

    login(mobile_page, live_server, demo_org["mentee"])
    mobile_page.goto(f"{live_server.url}/notifications/settings/")
    expect(mobile_page.get_by_role("heading", name="Notification settings")).to_be_visible()
    screenshot(mobile_page, "engagement-settings")


def test_a_digest_email_as_received_renders_with_the_week_in_the_persons_time(
    page, live_server, demo_org, screenshot, settings, transactional_db
):
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    from tests.engagement.conftest import Inbox, free_port

    inbox = Inbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            inbox.messages.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        mentor = Person.objects.get(email=demo_org["mentor"])
        assert digest.send_digests(clock.now(), people=[(mentor, "weekly")]) == 1
    finally:
        controller.stop()
    [message] = inbox.messages
    html = message.get_body(("html",)).get_content()
    assert message.get_body(("plain",)) is not None
    page.set_content(html)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your Tandem week")
    expect(page.locator("body")).to_contain_text(mentor.time_zone)
    screenshot(page, "engagement-digest-email")
