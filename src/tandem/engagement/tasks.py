"""Background jobs of the engagement app (huey). They take ids, and are idempotent: each
works from the outbox rows (notifications, chat posts, webhook deliveries), so running one
twice, or after a crash, sends nothing twice and leaves nothing behind."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import chat, delivery, digest, summary, webhooks
from .nudging import engine

log = logging.getLogger(__name__)


@db_task()  # type: ignore[untyped-decorator]
def deliver_notifications(notification_ids: list[int]) -> int:
    """Email (and post to the person's chat) the given notifications that are due."""
    return delivery.send_emails(notification_ids) + delivery.send_chats(notification_ids)


@db_task()  # type: ignore[untyped-decorator]
def deliver_chat_post(post_id: int) -> str:
    return chat.deliver_post(post_id)


@db_task()  # type: ignore[untyped-decorator]
def deliver_webhook(delivery_id: int) -> str:
    return webhooks.deliver(delivery_id)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def send_due_messages() -> int:
    """Every minute: whatever is due — after quiet hours, a retry, or left by a crash."""
    sent = delivery.send_emails() + delivery.send_chats()
    for post_id in chat.due_post_ids():
        chat.deliver_post(post_id)
    for delivery_id in webhooks.due_delivery_ids():
        webhooks.deliver(delivery_id)
    return sent


@db_periodic_task(crontab(minute="5"))  # type: ignore[untyped-decorator]
def evaluate_nudges() -> dict[str, int]:
    """Every hour: evaluate the nudge rules and send what is due (exactly once)."""
    report = engine.evaluate()
    return dict(report.sent)


@db_periodic_task(crontab(minute="15"))  # type: ignore[untyped-decorator]
def send_digests() -> int:
    """Every hour: the digests of the people whose digest hour it is in their zone."""
    return digest.send_digests()


@db_periodic_task(crontab(day_of_week="1", hour="9", minute="0"))  # type: ignore[untyped-decorator]
def post_weekly_summaries() -> int:
    """Mondays: each active program's figures of the past week to its chat channels."""
    return summary.post_weekly_summaries()
