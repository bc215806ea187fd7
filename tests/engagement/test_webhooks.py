"""Outbound webhooks: Standard Webhooks signatures a receiver verifies with the
``standardwebhooks`` library, retries with backoff, disabling, redelivery, the URL rules."""

from __future__ import annotations

import datetime as dt

import pytest
from standardwebhooks.webhooks import Webhook

from tandem.core.errors import DomainError
from tandem.engagement import urlsafety, webhooks
from tandem.engagement.models import Notification, WebhookDelivery, WebhookEndpoint
from tandem.engagement.services import publish_event
from tandem.relationships import meetings
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return EmployeeFactory(user__is_org_admin=True)


def _endpoint(admin, url, events=("meeting.held", "relationship.ended")):
    return webhooks.create_endpoint(actor=admin.user, url=url, events=list(events))


def test_a_held_meeting_reaches_a_receiver_that_verifies_the_signature(
    pair, admin, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(admin, receiver.url)
    assert endpoint.secret.startswith("whsec_")
    with django_capture_on_commit_callbacks(execute=True):
        meetings.log_held_meeting(
            relationship=pair.relationship,
            actor=pair.mentee.user,
            starts_at=dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC),
        )
    [request] = receiver.requests
    body = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert body["type"] == "meeting.held"
    assert body["data"]["relationship_id"] == pair.relationship.pk
    assert set(body["data"]) == {
        "meeting_id",
        "relationship_id",
        "program_id",
        "starts_at",
        "duration_minutes",
        "format",
    }
    assert request.headers["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)


def test_a_forged_or_tampered_delivery_fails_verification(
    pair, admin, receiver, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.send_test_event(actor=admin.user, endpoint=endpoint)
    request = receiver.requests[0]
    from standardwebhooks.webhooks import WebhookVerificationError

    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(request.body + b" ", request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.new_secret()).verify(request.body, request.headers)


def test_payloads_carry_no_private_content(
    pair, admin, receiver, django_capture_on_commit_callbacks
):
    _endpoint(admin, receiver.url, events=["relationship.ended"])
    from tandem.relationships.services import end_relationship

    with django_capture_on_commit_callbacks(execute=True):
        end_relationship(
            relationship=pair.relationship,
            actor=pair.mentee.user,
            reason="Private: my manager left",
        )
    text = receiver.requests[0].body.decode()
    assert "Private" not in text and "manager left" not in text
    assert '"status":"ended"' in text


def test_a_receiver_answering_500_is_retried_with_backoff_and_the_request_never_waits(
    pair, admin, receiver, frozen, django_capture_on_commit_callbacks
):
    receiver.plan = [500, 500]
    endpoint = _endpoint(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 1})
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == frozen.at + dt.timedelta(seconds=5)
    assert delivery.last_error == "The receiver answered HTTP 500."
    assert webhooks.deliver(delivery.pk) == "not due"
    frozen.advance(seconds=5)
    assert webhooks.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == frozen.at + dt.timedelta(minutes=5)
    frozen.advance(minutes=5)
    assert webhooks.due_delivery_ids() == [delivery.pk]
    assert webhooks.deliver(delivery.pk) == "delivered"
    assert [a.status_code for a in delivery.tries.all()] == [500, 500, 200]
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    assert endpoint.enabled


def test_a_receiver_that_times_out_is_retried_like_a_failure(
    admin, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.engagement import sender

    monkeypatch.setattr(sender, "TIMEOUT_SECONDS", 0.2)
    receiver.delay = 0.6
    _endpoint(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 1})
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and "No answer within" in delivery.last_error


def test_an_endpoint_failing_every_attempt_for_a_day_is_disabled_and_the_admins_told(
    admin, receiver, frozen, django_capture_on_commit_callbacks
):
    receiver.plan = [503] * 20
    endpoint = _endpoint(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 1})
    delivery = WebhookDelivery.objects.get()
    for _ in range(10):
        frozen.advance(hours=10)
        webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 8)
    assert not endpoint.enabled and "every attempt" in endpoint.disabled_reason
    assert (
        Notification.objects.filter(recipient=admin, kind="integration.webhook_disabled").count()
        == 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 2})
    assert WebhookDelivery.objects.count() == 1  # a disabled endpoint gets nothing new


def test_an_admin_redelivers_with_the_same_webhook_id(
    admin, receiver, frozen, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 1})
    delivery = WebhookDelivery.objects.get()
    client = ApiClient(admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/deliveries/{delivery.pk}/redeliver")
    assert response.status_code == 202
    assert [r.headers["webhook-id"] for r in receiver.requests] == [delivery.message_id] * 2
    log = client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries").json()
    assert log["count"] == 1 and log["items"][0]["attempts"] == 1


def test_urls_must_be_https_to_a_public_address_unless_the_operator_allows_private(settings, admin):
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(DomainError, match="https"):
        urlsafety.check_url("http://example.org/hook")
    with pytest.raises(DomainError, match="private, loopback"):
        urlsafety.check_url("https://127.0.0.1/hook")
    with pytest.raises(DomainError, match="private, loopback"):
        urlsafety.check_url("https://[::1]:8443/hook")
    with pytest.raises(DomainError, match=r"link-local|private"):
        urlsafety.check_url("https://169.254.169.254/latest/meta-data")
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = True
    assert urlsafety.check_url("http://127.0.0.1:9/hook")


def test_a_url_that_turns_private_after_it_was_saved_is_refused_at_send_time(
    admin, receiver, settings, django_capture_on_commit_callbacks
):
    _endpoint(admin, receiver.url)
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        publish_event("meeting.held", {"meeting_id": 1})
    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []
    assert "Use an https:// URL" in delivery.last_error


class TestApi:
    def test_an_admin_subscribes_sees_the_secret_once_and_lists_events(self, admin, receiver):
        client = ApiClient(admin.user)
        events = client.get("/api/v1/webhooks/events").json()
        assert {
            "relationship.created",
            "meeting.held",
            "goal.completed",
            "participant.enrolled",
            "match_run.published",
            "relationship.ended",
        } <= {e["name"] for e in events}
        created = client.post("/api/v1/webhooks", {"url": receiver.url, "events": ["meeting.held"]})
        assert created.status_code == 201 and created.json()["secret"].startswith("whsec_")
        shown = client.get(f"/api/v1/webhooks/{created.json()['id']}").json()
        assert "secret" not in shown
        patched = client.patch(f"/api/v1/webhooks/{shown['id']}", {"enabled": False})
        assert patched.json()["enabled"] is False
        assert client.delete(f"/api/v1/webhooks/{shown['id']}").status_code == 204
        assert not WebhookEndpoint.objects.exists()

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"url": "https://example.org/x", "events": ["no.such.event"]}, "events.0"),
            ({"url": "https://example.org/x", "events": []}, "events"),
            ({"events": ["meeting.held"]}, "url"),
        ],
    )
    def test_bad_input_is_a_422_naming_the_field(self, admin, body, field):
        response = ApiClient(admin.user).post("/api/v1/webhooks", body)
        assert response.status_code == 422
        assert field in {e["field"] for e in response.json()["errors"]}

    def test_a_plain_http_url_is_refused_without_the_operators_permission(self, admin, settings):
        settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = False
        response = ApiClient(admin.user).post(
            "/api/v1/webhooks", {"url": "http://example.org/hook", "events": ["meeting.held"]}
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "url"

    @pytest.mark.parametrize("who", ["anonymous", "employee", "leader", "program manager"])
    def test_only_org_admins_reach_webhooks(self, who, admin, receiver, pair):
        endpoint = _endpoint(admin, receiver.url)
        clients = {
            "anonymous": ApiClient(),
            "employee": ApiClient(EmployeeFactory().user),
            "leader": ApiClient(EmployeeFactory(user__is_leader=True).user),
            "program manager": pair.client("manager"),
        }
        client = clients[who]
        expected = 401 if who == "anonymous" else 403
        assert client.get("/api/v1/webhooks").status_code == expected
        assert (
            client.post(
                "/api/v1/webhooks", {"url": receiver.url, "events": ["meeting.held"]}
            ).status_code
            == expected
        )
        assert client.get(f"/api/v1/webhooks/{endpoint.pk}").status_code == expected
        assert client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries").status_code == expected
        assert client.delete(f"/api/v1/webhooks/{endpoint.pk}").status_code == expected
        assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_a_url_with_an_unbalanced_ipv6_bracket_is_a_400_not_a_500(api_admin):
    # Found by the fuzzer (benchmarks/fuzz.sh): urlsplit raises ValueError("Invalid IPv6 URL").
    response = api_admin.post(
        "/api/v1/webhooks", {"url": "https://i]z.example.org/hook", "events": ["meeting.held"]}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "url", "message": urlsafety.NO_HOST}]
