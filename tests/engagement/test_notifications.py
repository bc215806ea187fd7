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


def test_times_in_a_notification_are_shown_in_each_recipients_own_zone():
    import datetime as dt

    madrid = EmployeeFactory(time_zone="Europe/Madrid")
    new_york = EmployeeFactory(time_zone="America/New_York")
    when = dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC)
    notify(
        recipients=[madrid, new_york],
        kind="meeting.scheduled",
        email=False,
        title="A meeting scheduled: {when}",
        body="On {when:weekday}.",
        times={"when": when},
    )
    titles = dict(Notification.objects.values_list("recipient__time_zone", "title"))
    assert titles == {
        "Europe/Madrid": "A meeting scheduled: 10 Dec 2026, 16:00 CET",
        "America/New_York": "A meeting scheduled: 10 Dec 2026, 10:00 EST",
    }
    assert Notification.objects.get(recipient=madrid).body == "On Thu 10 Dec, 16:00 CET."


def test_the_feed_groups_by_day_filters_by_kind_and_unread_and_links_to_settings(client):
    import datetime as dt

    from django.utils import timezone

    person = EmployeeFactory(time_zone="Europe/London")
    notify(recipients=[person], kind="goal.comment", title="Old comment", email=False)
    notify(recipients=[person], kind="match.request", title="A request", email=False)
    Notification.objects.filter(title="Old comment").update(
        created_at=timezone.now() - dt.timedelta(days=3), read_at=timezone.now()
    )
    client.force_login(person.user)
    page = client.get("/notifications/").content.decode()
    assert "Today" in page and page.index("A request") < page.index("Old comment")
    assert "/notifications/settings/" in page
    only_unread = client.get("/notifications/?show=unread").content.decode()
    assert "A request" in only_unread and "Old comment" not in only_unread
    only_goals = client.get("/notifications/?kind=goal").content.decode()
    assert "Old comment" in only_goals and "A request" not in only_goals


def test_mark_all_read_can_be_limited_to_the_kind_shown(client):
    person = EmployeeFactory()
    notify(recipients=[person], kind="goal.comment", title="A comment", email=False)
    notify(recipients=[person], kind="match.request", title="A request", email=False)
    client.force_login(person.user)
    response = client.post("/notifications/read/", {"kind": "goal"})
    assert response.status_code == 302 and response["Location"].endswith("?kind=goal")
    assert Notification.objects.get(title="A comment").read_at is not None
    assert Notification.objects.get(title="A request").read_at is None
    assert ApiClient(person.user).post("/api/v1/notifications/read", {"kind": "match"}).json() == {
        "marked": 1
    }


def test_the_feed_page_needs_a_login(client):
    assert client.get("/notifications/").status_code == 302
    assert client.post("/notifications/read/").status_code == 302
