"""Email as it really goes out: a real SMTP server (aiosmtpd) in the test process receives
what Tandem sends — multipart, headers, links, times in each recipient's zone."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engagement.mailer import header_safe
from tandem.engagement.models import Notification
from tandem.engagement.models.notifications import Delivery
from tandem.engagement.nudging.engine import evaluate
from tandem.engagement.services import notify
from tandem.relationships import goals, meetings
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _parts(message):
    return [part.get_content_type() for part in message.walk()]


def test_a_header_value_with_line_breaks_and_control_characters_becomes_one_line():
    assert header_safe("Ship\nthe\r\nreport\t\x00 now\u2028") == "Ship the report now"
    assert len(header_safe("x" * 500)) == 200
    assert header_safe("\n\n") == "Tandem"


def test_a_meeting_invite_arrives_multipart_with_the_time_in_each_members_zone(
    pair, smtp, django_capture_on_commit_callbacks, settings
):
    settings.TANDEM_BASE_URL = "https://mentoring.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        meetings.schedule_meeting(
            relationship=pair.relationship,
            actor=pair.mentor.user,
            starts_at=dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC),
        )
    by_person = {m["To"]: m for m in smtp.messages}
    assert set(by_person) == {pair.mentor.email, pair.mentee.email}
    new_york, tokyo = by_person[pair.mentor.email], by_person[pair.mentee.email]
    assert new_york["Subject"] == "A meeting scheduled: 10 Mar 2025, 11:00 EDT"
    assert tokyo["Subject"] == "A meeting scheduled: 11 Mar 2025, 00:00 JST"
    assert "UTC" not in new_york["Subject"] + tokyo["Subject"]
    assert {"text/plain", "text/html", "text/calendar"} <= set(_parts(tokyo))
    html = tokyo.get_body(("html",)).get_content()
    assert 'style="' in html and "<style" not in html  # CSS inlined
    assert "https://mentoring.example.org/relationships/meetings/" in html
    unsubscribe = str(tokyo["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://mentoring.example.org/notifications/unsubscribe/")
    assert tokyo["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_goal_title_with_a_line_break_is_emailed_with_a_one_line_subject(
    pair, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        goals.create_goal(
            relationship=pair.relationship,
            actor=pair.mentee.user,
            title="Present at\nthe all-hands",
            metric="One 10-minute talk with a feedback score of 4+",
            plan="Draft, rehearse twice with Marta, deliver",
            relevance="I want to lead projects, which means presenting",
            due_on=dt.date(2025, 6, 30),
        )
    [message] = [m for m in smtp.messages if m["To"] == pair.mentor.email]
    assert message["Subject"] == "Kenji Mentee set a goal: Present at the all-hands"
    note = Notification.objects.get(kind="goal.created")
    assert note.email_state == Delivery.SENT and note.email_attempts == 0


def test_each_nudge_arrives_exactly_once_however_often_the_rules_run(
    pair, smtp, frozen, django_capture_on_commit_callbacks
):
    later = frozen.at + dt.timedelta(days=30)
    frozen.move_to(later)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            evaluate(now=later, only=["no_meeting"])
    subjects = [m["Subject"] for m in smtp.messages]
    assert sorted(m["To"] for m in smtp.messages) == sorted([pair.mentor.email, pair.mentee.email])
    assert all(s.startswith("Time to meet: 30 days") for s in subjects)


def test_an_email_that_cannot_be_delivered_is_retried_with_backoff_then_logged_as_failed(
    db, settings, frozen, django_capture_on_commit_callbacks
):
    from tandem.engagement import delivery
    from tests.engagement.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    person = EmployeeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(recipients=[person], kind="program.announcement", title="Hello")
    note.refresh_from_db()
    assert note.email_state == Delivery.PENDING and note.email_attempts == 1
    assert note.email_after == frozen.at + dt.timedelta(seconds=60)
    assert "ConnectionRefusedError" in note.email_error
    for _ in range(6):
        frozen.advance(hours=5)
        delivery.send_emails()
    note.refresh_from_db()
    assert note.email_state == Delivery.FAILED and note.email_attempts == 5
