"""Sending the notification outbox: email (through ``mailer``) and a person's own chat.

A job claims due rows (state ``sending``, claim time in ``email_after``), sends them, and
marks each ``sent`` — or schedules a retry with backoff (``retry.EMAIL_SCHEDULE``) and,
when the schedule is spent, marks it ``failed`` with the error, visible in the admin's
delivery log. A claim older than ``STALE`` (a worker killed mid-send) is taken again.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q

from tandem.core import clock

from . import chat, retry
from .mailer import absolute, build_email
from .models import Notification, NotificationPreference
from .models.notifications import Delivery

log = logging.getLogger(__name__)
STALE = dt.timedelta(minutes=10)
BATCH = 200


def _claim(channel: str, ids: list[int] | None, now: dt.datetime) -> list[Notification]:
    state, after = f"{channel}_state", f"{channel}_after"
    due = Q(**{state: Delivery.PENDING, f"{after}__lte": now}) | Q(
        **{state: Delivery.SENDING, f"{after}__lte": now - STALE}
    )
    with transaction.atomic():
        rows = Notification.objects.select_for_update(skip_locked=True).filter(due)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        picked = list(rows.order_by(after).values_list("pk", flat=True)[:BATCH])
        Notification.objects.filter(pk__in=picked).update(**{state: Delivery.SENDING, after: now})
    return list(Notification.objects.select_related("recipient").filter(pk__in=picked))


def _attachments(note: Notification) -> list[tuple[str, bytes, str]]:
    return [
        (a["filename"], base64.b64decode(a["b64"]), a["mimetype"]) for a in note.attachments or []
    ]


def email_for(note: Notification) -> Any:
    return build_email(
        person=note.recipient,
        subject=note.title,
        template=note.email_template or "engagement/email/notification",
        context={
            **(note.email_context or {}),
            "note": note,
            "link": absolute(note.url) if note.url else "",
        },
        kind=note.kind,
        attachments=_attachments(note),
    )


def _failed(note: Notification, channel: str, error: str, now: dt.datetime) -> None:
    attempts = getattr(note, f"{channel}_attempts") + 1
    schedule = retry.EMAIL_SCHEDULE if channel == "email" else retry.CHAT_SCHEDULE
    again = retry.next_attempt(schedule, attempts, now)
    fields: dict[str, Any] = {
        f"{channel}_attempts": attempts,
        f"{channel}_state": Delivery.PENDING if again else Delivery.FAILED,
        f"{channel}_after": again,
    }
    if channel == "email":
        fields["email_error"] = error[:500]
    Notification.objects.filter(pk=note.pk).update(**fields)
    log.warning("%s of notification %s failed (attempt %s): %s", channel, note.pk, attempts, error)


def send_emails(ids: list[int] | None = None) -> int:
    """Send the due emails (of ``ids``, or all); returns how many were sent."""
    now = clock.now()
    sent = 0
    for note in _claim("email", ids, now):
        try:
            email_for(note).send()
        except Exception as exc:  # any SMTP failure: retried, then logged
            _failed(note, "email", f"{type(exc).__name__}: {exc}", now)
            continue
        Notification.objects.filter(pk=note.pk).update(
            email_state=Delivery.SENT, emailed_at=clock.now(), email_error=""
        )
        sent += 1
    return sent


def send_chats(ids: list[int] | None = None) -> int:
    """Post the due notifications to each recipient's own chat webhook."""
    now = clock.now()
    notes = _claim("chat", ids, now)
    prefs = {
        p.person_id: p
        for p in NotificationPreference.objects.filter(
            person_id__in=[n.recipient_id for n in notes]
        )
    }
    sent = 0
    for note in notes:
        pref = prefs.get(note.recipient_id)
        if pref is None or not pref.chat_url:
            Notification.objects.filter(pk=note.pk).update(chat_state=Delivery.NONE)
            continue
        outcome = chat.send_personal(pref.chat_kind, pref.chat_url, note.title, note.url)
        if outcome.ok:
            Notification.objects.filter(pk=note.pk).update(chat_state=Delivery.SENT)
            sent += 1
        else:
            _failed(note, "chat", outcome.error or f"HTTP {outcome.status_code}", now)
    return sent
