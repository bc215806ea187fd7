"""Notifications: the in-app feed and email, sent after the surrounding transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.people.models import Person

from .models import Notification


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def notify(
    *,
    recipients: Iterable[Person],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    attachments: list[Attachment] | None = None,
) -> list[Notification]:
    """Add a notification to each recipient's feed and email it once the transaction commits."""
    unique = {person.pk: person for person in recipients}
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=person, kind=kind, title=title[:200], body=body, url=url)
            for person in unique.values()
        ]
    )
    if email and rows:
        ids = [row.pk for row in rows]
        files = [(a.filename, a.content, a.mimetype) for a in attachments or []]

        def _enqueue() -> None:
            from .tasks import send_notification_emails

            send_notification_emails(ids, files)

        transaction.on_commit(_enqueue)
    return rows


def mark_read(*, actor: Any, notification_ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all of them when ``notification_ids`` is None)."""
    mine = Notification.objects.filter(recipient__user_id=actor.pk, read_at__isnull=True)
    if notification_ids is not None:
        mine = mine.filter(pk__in=notification_ids)
    return mine.update(read_at=clock.now())
