"""Events for integrators' webhooks, published by the apps' services.

``publish_event(name, data)`` is called inside the transaction of the change it reports: it
writes one ``WebhookDelivery`` per subscribed endpoint (an outbox) and queues the sends for
after the commit — an event is never sent for a change that rolled back, and never lost
when the receiver is down. Payloads carry ids and public fields only: never notes, goal or
milestone titles, pulse comments, free-text reasons or demographics.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from tandem.core import clock

from .chat import post_to_channels
from .models import WebhookDelivery, WebhookEndpoint

EVENTS: dict[str, str] = {
    "relationship.created": "A relationship was created (a published match, an accepted request).",
    "relationship.activated": "Every member accepted the agreement; the relationship is active.",
    "relationship.paused": "A relationship was paused.",
    "relationship.resumed": "A paused relationship was resumed.",
    "relationship.ended": "A relationship completed or ended early (status says which).",
    "meeting.held": "A meeting was marked held (or logged after it happened).",
    "goal.completed": "A goal was achieved.",
    "milestone.completed": "A milestone of a goal was completed.",
    "participant.enrolled": "Someone applied to or was enrolled in a program.",
    "participant.status_changed": "An enrolment was approved, waitlisted, declined or withdrawn.",
    "match_run.published": "A match run was published; its relationships exist.",
    "intervention.created": "A program manager recorded an intervention on a relationship.",
    "webhook.test": "A test event sent from the endpoint's page.",
}

__all__ = ["EVENTS", "new_message_id", "post_to_channels", "publish_event"]


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def envelope(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The Standard Webhooks body: ``{type, timestamp, data}``."""
    return {"type": name, "timestamp": clock.now().isoformat(), "data": data}


def publish_event(name: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue ``name`` for every enabled endpoint subscribed to it (one query when none)."""
    if name not in EVENTS:
        raise ValueError(f"unknown webhook event {name!r}")
    endpoints = [e for e in WebhookEndpoint.objects.filter(enabled=True) if name in e.events]
    if not endpoints:
        return []
    body = envelope(name, data)
    now = clock.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                message_id=new_message_id(),
                event=name,
                payload=body,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver_webhook

    for delivery_id in ids:
        deliver_webhook(delivery_id)
