"""Notifications reach the feed and the inbox, and only their recipient sees them."""

from __future__ import annotations

import pytest
from django.core import mail

from tandem.engagement.models import Notification
from tandem.engagement.services import Attachment, notify
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_notification_lands_in_the_feed_and_is_emailed_with_its_attachment():
    person = EmployeeFactory()
    notify(
        recipients=[person, person],
        kind="test",
        title="Hello",
        body="Body",
        url="/x/",
        attachments=[Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert mail.outbox[0].attachments[0][0] == "invite.ics"
    assert Notification.objects.get(recipient=person).emailed_at is not None


def test_the_api_feed_shows_only_the_callers_notifications_and_marks_them_read():
    me, other = EmployeeFactory(), EmployeeFactory()
    notify(recipients=[me], kind="test", title="Mine", email=False)
    notify(recipients=[other], kind="test", title="Theirs", email=False)
    client = ApiClient(me.user)
    body = client.get("/api/v1/notifications").json()
    assert [n["title"] for n in body["items"]] == ["Mine"]
    assert client.post("/api/v1/notifications/read", {}).json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread_only=true").json()["count"] == 0
    assert Notification.objects.get(title="Theirs").read_at is None


def test_anonymous_callers_cannot_read_notifications():
    assert ApiClient().get("/api/v1/notifications").status_code == 401
