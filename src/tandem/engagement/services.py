"""Notifications: the in-app feed, and the email / chat outbox, written in the caller's
transaction and sent after it commits (``delivery``).

Public entry points for other apps: ``notify``, ``resolve_notifications``, ``publish_event``
(webhooks and chat channels, see ``events``) and ``post_to_channels``.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from tandem.core import clock
from tandem.people.models import Person

from . import preferences, timefmt
from .events import post_to_channels, publish_event
from .models import Notification
from .models.notifications import Delivery

__all__ = [
    "Attachment",
    "mark_read",
    "notify",
    "post_to_channels",
    "publish_event",
    "resolve_notifications",
]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def _subject_of(subject: models.Model | None) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    return subject._meta.label_lower, subject.pk


def notify(
    *,
    recipients: Iterable[Person],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    attachments: list[Attachment] | None = None,
    times: Mapping[str, dt.datetime | dt.date] | None = None,
    subject: models.Model | None = None,
) -> list[Notification]:
    """Add a notification to each recipient's feed and queue its email / chat message.

    ``{name}`` placeholders in ``title`` and ``body`` are filled from ``times`` in each
    recipient's own time zone. Each person's preferences decide the channels, quiet hours
    delay email and chat, a digest holds the email. Sending starts once the transaction
    commits; a periodic job picks up whatever a crash left behind."""
    unique = {person.pk: person for person in recipients}
    if not unique:
        return []
    prefs = preferences.preferences_for(unique.values())
    now = clock.now()
    files = [
        {
            "filename": a.filename,
            "mimetype": a.mimetype,
            "b64": base64.b64encode(a.content).decode(),
        }
        for a in attachments or []
    ]
    subject_type, subject_id = _subject_of(subject)
    rows = []
    for person in unique.values():
        plan = preferences.plan_delivery(prefs[person.pk], person, kind, now, email=email)
        rows.append(
            Notification(
                recipient=person,
                kind=kind,
                title=timefmt.render(title, times, person.time_zone)[:200],
                body=timefmt.render(body, times, person.time_zone),
                url=url,
                in_app=plan.in_app,
                subject_type=subject_type,
                subject_id=subject_id,
                attachments=files if plan.email_state != Delivery.NONE else [],
                email_state=plan.email_state,
                email_after=plan.email_after if plan.email_state != Delivery.NONE else None,
                chat_state=plan.chat_state,
                chat_after=plan.chat_after if plan.chat_state != Delivery.NONE else None,
            )
        )
    created = Notification.objects.bulk_create(rows)
    due_now = [
        n.pk
        for n in created
        if (n.email_state == Delivery.PENDING and n.email_after and n.email_after <= now)
        or (n.chat_state == Delivery.PENDING and n.chat_after and n.chat_after <= now)
    ]
    if due_now:
        transaction.on_commit(lambda: _enqueue(due_now))
    return created


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver_notifications

    deliver_notifications(ids)


def resolve_notifications(*, subject: models.Model, kind: str = "") -> int:
    """Mark read the unread notifications about ``subject`` (e.g. a request now answered)."""
    subject_type, subject_id = _subject_of(subject)
    rows = Notification.objects.filter(
        subject_type=subject_type, subject_id=subject_id, read_at__isnull=True
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows.update(read_at=clock.now())


def backdate_notifications(
    *,
    subject: models.Model,
    kind: str,
    created_at: dt.datetime,
    read_at: dt.datetime | None,
    recipient: Person | None = None,
    body: str | None = None,
    times: Mapping[str, dt.datetime | dt.date] | None = None,
) -> int:
    """For seeded data (the demo): move the notifications about ``subject`` to when they
    would have been sent, re-render their body with ``times``, and set their read state."""
    subject_type, subject_id = _subject_of(subject)
    rows = list(
        Notification.objects.filter(
            subject_type=subject_type,
            subject_id=subject_id,
            kind=kind,
            **({"recipient": recipient} if recipient is not None else {}),
        ).select_related("recipient")
    )
    for row in rows:
        row.created_at, row.read_at = created_at, read_at
        if body is not None:
            row.body = timefmt.render(body, times, row.recipient.time_zone)
    Notification.objects.bulk_update(rows, ["created_at", "read_at", "body"])
    return len(rows)


def mark_read(*, actor: Any, notification_ids: list[int] | None = None, kind: str = "") -> int:
    """Mark the actor's notifications read (all of them when ``notification_ids`` is None)."""
    mine = Notification.objects.filter(recipient__user_id=actor.pk, read_at__isnull=True)
    if notification_ids is not None:
        mine = mine.filter(pk__in=notification_ids)
    if kind:
        mine = mine.filter(kind__startswith=kind)
    return mine.update(read_at=clock.now())
