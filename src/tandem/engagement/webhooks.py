"""Outbound webhooks for integrators, following the Standard Webhooks specification.

Every attempt sends ``webhook-id`` (the same for every attempt of one delivery),
``webhook-timestamp`` (seconds) and ``webhook-signature`` = ``v1,`` + base64 of the
HMAC-SHA256 of ``id.timestamp.body`` under the endpoint's ``whsec_`` secret — so receivers
verify with the ``standardwebhooks`` library. Failed attempts are retried on
``retry.WEBHOOK_SCHEDULE`` (about 27 hours); an endpoint whose delivery exhausts it with no
success since is disabled and the org admins are told.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from typing import Any

from django.db import transaction
from django.urls import reverse
from standardwebhooks.webhooks import Webhook

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.permissions import is_org_admin
from tandem.core.validation import full_clean_or_raise
from tandem.people.selectors import person_of

from . import retry, sender, urlsafety
from .events import EVENTS, envelope, new_message_id
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .models.integrations import SendStatus

ADMINS_ONLY = "Only org admins can manage webhooks."
UNKNOWN_EVENT = "“{event}” is not a webhook event; GET /api/v1/webhooks/events lists them."
NO_EVENTS = "Subscribe to at least one event."
DISABLED = "This endpoint is disabled; enable it before redelivering."
DISABLED_REASON = "Disabled after every attempt to deliver {event} ({message_id}) failed."


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _require_admin(actor: Any) -> None:
    if not is_org_admin(actor):
        raise NotAllowed(ADMINS_ONLY)


def _events(events: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    for index, event in enumerate(chosen):
        if event not in EVENTS:
            raise DomainError(UNKNOWN_EVENT.format(event=event), field=f"events.{index}")
    if not chosen:
        raise DomainError(NO_EVENTS, field="events")
    return chosen


AUDITED = ["url", "description", "events", "enabled"]


@transaction.atomic
def create_endpoint(
    *, actor: Any, url: str, events: list[str], description: str = ""
) -> WebhookEndpoint:
    _require_admin(actor)
    endpoint = WebhookEndpoint(
        url=urlsafety.check_url(url.strip()),
        events=_events(events),
        description=description.strip(),
        secret=new_secret(),
        created_by=person_of(actor),
    )
    full_clean_or_raise(endpoint, exclude=["created_by"])
    endpoint.save()
    record_audit(
        actor=actor, action="webhook.create", target=endpoint, after=snapshot(endpoint, AUDITED)
    )
    return endpoint


@transaction.atomic
def update_endpoint(
    *, actor: Any, endpoint: WebhookEndpoint, data: dict[str, Any]
) -> WebhookEndpoint:
    _require_admin(actor)
    before = snapshot(endpoint, AUDITED)
    if data.get("url") is not None:
        endpoint.url = urlsafety.check_url(str(data["url"]).strip())
    if data.get("events") is not None:
        endpoint.events = _events(list(data["events"]))
    if data.get("description") is not None:
        endpoint.description = str(data["description"]).strip()
    if data.get("enabled") is not None:
        endpoint.enabled = bool(data["enabled"])
        if endpoint.enabled:
            endpoint.disabled_at, endpoint.disabled_reason = None, ""
    if data.get("rotate_secret"):
        endpoint.secret = new_secret()
    full_clean_or_raise(endpoint, exclude=["created_by"])
    endpoint.save()
    record_audit(
        actor=actor,
        action="webhook.update",
        target=endpoint,
        before=before,
        after=snapshot(endpoint, AUDITED),
    )
    return endpoint


@transaction.atomic
def delete_endpoint(*, actor: Any, endpoint: WebhookEndpoint) -> None:
    _require_admin(actor)
    record_audit(
        actor=actor, action="webhook.delete", target=endpoint, before=snapshot(endpoint, AUDITED)
    )
    endpoint.delete()


@transaction.atomic
def send_test_event(*, actor: Any, endpoint: WebhookEndpoint) -> WebhookDelivery:
    _require_admin(actor)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        message_id=new_message_id(),
        event="webhook.test",
        payload=envelope("webhook.test", {"endpoint_id": endpoint.pk}),
        next_attempt_at=clock.now(),
    )
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


@transaction.atomic
def redeliver(*, actor: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send again now (same ``webhook-id``, so receivers can deduplicate), with a fresh
    retry schedule."""
    _require_admin(actor)
    if not delivery.endpoint.enabled:
        raise ConflictError(DISABLED)
    delivery.status = SendStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = clock.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    record_audit(actor=actor, action="webhook.redeliver", target=delivery)
    transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int) -> None:
    from .tasks import deliver_webhook

    deliver_webhook(delivery_id)


# --- delivery ----------------------------------------------------------------------------


def signed_headers(
    endpoint: WebhookEndpoint, message_id: str, body: str, at: dt.datetime
) -> dict[str, str]:
    signature = Webhook(endpoint.secret).sign(msg_id=message_id, timestamp=at, data=body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def _claim(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=SendStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None or not delivery.endpoint.enabled:
            return None
        delivery.attempts += 1
        # Reserve the next slot first: a worker killed mid-send leaves it to be retried.
        delivery.next_attempt_at = retry.next_attempt(
            retry.WEBHOOK_SCHEDULE, delivery.attempts, now
        )
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def deliver(delivery_id: int) -> str:
    """One attempt of one delivery, if it is due. Never raises for the receiver's failures."""
    delivery = _claim(delivery_id, clock.now())
    if delivery is None:
        return "not due"
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True)
    sent_at = dt.datetime.now(dt.UTC)  # receivers compare it with their own clock
    headers = signed_headers(delivery.endpoint, delivery.message_id, body, sent_at)
    outcome = sender.post(delivery.endpoint.url, body.encode(), headers)
    _record(delivery, outcome)
    return "delivered" if outcome.ok else "failed"


@transaction.atomic
def _record(delivery: WebhookDelivery, outcome: sender.Outcome) -> None:
    now = clock.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        status_code=outcome.status_code,
        response_body=outcome.body,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
    )
    delivery.last_status_code = outcome.status_code
    delivery.last_response = outcome.body
    delivery.last_error = outcome.error or (
        "" if outcome.ok else f"The receiver answered HTTP {outcome.status_code}."
    )
    if outcome.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "succeeded", now, None
    elif delivery.next_attempt_at is None:
        delivery.status = SendStatus.FAILED
    delivery.save()
    if delivery.status == SendStatus.FAILED:
        _maybe_disable(delivery)


def _maybe_disable(delivery: WebhookDelivery) -> None:
    """Disable the endpoint when nothing reached it since this delivery was first tried."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    succeeded_since = WebhookAttempt.objects.filter(
        delivery__endpoint=endpoint,
        attempted_at__gte=delivery.created_at,
        status_code__gte=200,
        status_code__lt=300,
    ).exists()
    if succeeded_since or not endpoint.enabled:
        return
    endpoint.enabled = False
    endpoint.disabled_at = clock.now()
    endpoint.disabled_reason = DISABLED_REASON.format(
        event=delivery.event, message_id=delivery.message_id
    )
    endpoint.save(update_fields=["enabled", "disabled_at", "disabled_reason", "updated_at"])
    _tell_admins(endpoint)


def _tell_admins(endpoint: WebhookEndpoint) -> None:
    from tandem.people.models import Person

    from .services import notify

    admins = Person.objects.filter(user__is_org_admin=True, user__is_active=True)
    notify(
        recipients=admins,
        kind="integration.webhook_disabled",
        title=f"Webhook endpoint disabled: {endpoint.url}"[:200],
        body=endpoint.disabled_reason + " Fix the receiver, then enable the endpoint again.",
        url=reverse("engage:webhook", args=[endpoint.pk]),
    )


def due_delivery_ids(limit: int = 200) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(status=SendStatus.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
