"""Notification preferences: channels per kind, quiet hours, digest, unsubscribe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from tandem.engagement import delivery, preferences
from tandem.engagement.models import Notification, NotificationPreference
from tandem.engagement.models.notifications import Delivery
from tandem.engagement.services import notify
from tandem.engagement.unsubscribe import make_token
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/notification-preferences"


@pytest.fixture
def tokyo(db):
    return EmployeeFactory(time_zone="Asia/Tokyo", full_name="Kenji Tanaka")


def test_defaults_send_everything_in_app_and_by_email_immediately(tokyo):
    body = ApiClient(tokyo.user).get(URL).json()
    assert (body["digest"], body["digest_day"], body["digest_hour"]) == ("immediate", 0, 8)
    assert body["time_zone"] == "Asia/Tokyo"
    kinds = {k["kind"]: k for k in body["kinds"]}
    assert kinds["meeting"]["email"] and kinds["meeting"]["in_app"]
    assert kinds["security"]["can_silence"] is False
    assert "nudge.no_meeting" in kinds


def test_a_person_turns_a_kind_off_per_channel_and_security_stays_on(
    tokyo, django_capture_on_commit_callbacks
):
    client = ApiClient(tokyo.user)
    response = client.put(
        URL,
        {
            "kinds": [
                {"kind": "program", "in_app": True, "email": False, "chat": False},
                {"kind": "security", "in_app": False, "email": False, "chat": False},
            ]
        },
    )
    assert response.status_code == 200
    kinds = {k["kind"]: k for k in response.json()["kinds"]}
    assert kinds["program"]["email"] is False and kinds["security"]["email"] is True
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[tokyo], kind="program.announcement", title="Now enrolling")
        notify(recipients=[tokyo], kind="security.password_changed", title="Password changed")
    assert [m.subject for m in mail.outbox] == ["Password changed"]
    assert Notification.objects.filter(recipient=tokyo, in_app=True).count() == 2


def test_quiet_hours_hold_email_until_the_morning_in_the_persons_zone(
    tokyo, frozen, django_capture_on_commit_callbacks
):
    # 12:00 UTC is 21:00 in Tokyo
    ApiClient(tokyo.user).put(URL, {"quiet_hours_start": "20:00", "quiet_hours_end": "07:30"})
    with django_capture_on_commit_callbacks(execute=True):
        [note] = notify(recipients=[tokyo], kind="match.request", title="A request")
    assert mail.outbox == []
    assert note.email_after == dt.datetime(2025, 3, 3, 22, 30, tzinfo=dt.UTC)  # 07:30 JST
    frozen.move_to(dt.datetime(2025, 3, 3, 22, 30, tzinfo=dt.UTC))
    assert delivery.send_emails() == 1
    assert mail.outbox[0].subject == "A request"


def test_a_security_notice_ignores_quiet_hours(tokyo, frozen, django_capture_on_commit_callbacks):
    ApiClient(tokyo.user).put(URL, {"quiet_hours_start": "20:00", "quiet_hours_end": "07:30"})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[tokyo], kind="security.new_token", title="A new API token")
    assert len(mail.outbox) == 1


def test_a_daily_or_weekly_digest_holds_the_email_but_not_invites(
    tokyo, django_capture_on_commit_callbacks
):
    ApiClient(tokyo.user).put(URL, {"digest": "weekly"})
    with django_capture_on_commit_callbacks(execute=True):
        [held] = notify(recipients=[tokyo], kind="goal.comment", title="A comment")
        notify(recipients=[tokyo], kind="meeting.scheduled", title="A meeting")
    assert held.email_state == Delivery.HELD
    assert [m.subject for m in mail.outbox] == ["A meeting"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kinds": [{"kind": "gossip"}]}, "kinds.0.kind"),
        ({"quiet_hours_start": "late", "quiet_hours_end": "07:00"}, "quiet_hours_start"),
        ({"digest": "hourly"}, "digest"),
        ({"digest_hour": 24}, "digest_hour"),
        ({"digest_day": -1}, "digest_day"),
    ],
)
def test_bad_preferences_are_a_422_naming_the_field(tokyo, body, field):
    response = ApiClient(tokyo.user).put(URL, body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not NotificationPreference.objects.exists()


def test_quiet_hours_are_given_as_a_pair_a_rule_across_fields_so_a_400(tokyo):
    response = ApiClient(tokyo.user).put(URL, {"quiet_hours_start": "22:00"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "quiet_hours_end"
    assert not NotificationPreference.objects.exists()


def test_a_personal_chat_url_must_be_safe_and_is_never_returned(tokyo, settings):
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = False
    client = ApiClient(tokyo.user)
    refused = client.put(URL, {"chat_kind": "slack", "chat_url": "https://10.0.0.5/hook"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "chat_url"
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = True
    saved = client.put(URL, {"chat_kind": "slack", "chat_url": "http://127.0.0.1:9/hook"}).json()
    assert saved["chat_connected"] is True and "chat_url" not in saved


def test_notifications_are_posted_to_the_persons_own_chat_when_they_choose_it(
    tokyo, receiver, django_capture_on_commit_callbacks
):
    ApiClient(tokyo.user).put(
        URL,
        {
            "chat_kind": "slack",
            "chat_url": receiver.url,
            "kinds": [{"kind": "match", "in_app": True, "email": False, "chat": True}],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[tokyo],
            kind="match.request",
            title="Ada asked you",
            url="/matchmaking/requests/",
        )
    assert receiver.requests[0].json()["text"] == "Ada asked you"
    assert Notification.objects.get().chat_state == Delivery.SENT


def test_anonymous_callers_get_401():
    assert ApiClient().get(URL).status_code == 401
    assert ApiClient().put(URL, {"digest": "daily"}).status_code == 401


def test_a_person_changes_only_their_own_preferences(tokyo):
    other = EmployeeFactory()
    with pytest.raises(Exception, match="only your own"):
        preferences.update_preferences(actor=other.user, person=tokyo, data={"digest": "daily"})


class TestUnsubscribe:
    def test_one_click_post_turns_the_kind_off_without_a_login(self, tokyo):
        token = make_token(tokyo.pk, "goal")
        response = Client(enforce_csrf_checks=True).post(
            f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 200
        pref = NotificationPreference.objects.get(person=tokyo)
        assert pref.kinds["goal"]["email"] is False and pref.kinds["goal"]["in_app"] is True

    def test_a_get_only_asks_for_confirmation(self, tokyo):
        token = make_token(tokyo.pk, "goal")
        page = Client().get(f"/notifications/unsubscribe/{token}/")
        assert page.status_code == 200 and b"Unsubscribe" in page.content
        assert not NotificationPreference.objects.exists()

    def test_a_tampered_token_changes_nothing(self, tokyo):
        token = make_token(tokyo.pk, "goal")[:-2] + "xx"
        assert Client().post(f"/notifications/unsubscribe/{token}/").status_code == 404
        assert not NotificationPreference.objects.exists()

    def test_the_link_of_an_unsilenceable_kind_turns_off_every_other_kind(self, tokyo):
        Client().post(f"/notifications/unsubscribe/{make_token(tokyo.pk, 'all')}/")
        pref = NotificationPreference.objects.get(person=tokyo)
        assert pref.kinds["match"]["email"] is False and "security" not in pref.kinds


class TestPages:
    def test_the_settings_page_saves_choices(self, tokyo):
        client = Client()
        client.force_login(tokyo.user)
        page = client.get("/notifications/settings/")
        assert page.status_code == 200 and b"Asia/Tokyo" in page.content
        response = client.post(
            "/notifications/settings/",
            {
                "digest": "daily",
                "digest_day": "2",
                "digest_hour": "7",
                "quiet_hours_start": "21:00",
                "quiet_hours_end": "07:00",
                "meeting__in_app": "on",
                "meeting__email": "on",
                "chat_kind": "",
                "chat_url": "",
            },
        )
        assert response.status_code == 302
        pref = NotificationPreference.objects.get(person=tokyo)
        assert (pref.digest, pref.digest_day, pref.digest_hour) == ("daily", 2, 7)
        assert pref.quiet_hours_start == dt.time(21, 0)
        assert pref.kinds["match"]["email"] is False and pref.kinds["meeting"]["email"] is True

    def test_half_quiet_hours_are_refused_on_the_page(self, tokyo):
        client = Client()
        client.force_login(tokyo.user)
        response = client.post(
            "/notifications/settings/",
            {
                "digest": "daily",
                "digest_day": "2",
                "digest_hour": "7",
                "quiet_hours_start": "21:00",
            },
        )
        assert response.status_code == 200 and b"Give both times" in response.content

    def test_the_settings_page_needs_a_login(self):
        response = Client().get("/notifications/settings/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
