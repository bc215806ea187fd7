"""Background jobs of the engagement app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from huey.contrib.djhuey import db_task

from tandem.core import clock

from .models import Notification

log = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    base = getattr(settings, "TANDEM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


@db_task(retries=3, retry_delay=30)  # type: ignore[untyped-decorator]
def send_notification_emails(
    notification_ids: list[int], attachments: list[tuple[str, bytes, str]]
) -> int:
    """Email each notification not yet emailed. Idempotent: sent ones are skipped."""
    pending = Notification.objects.select_related("recipient").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    )
    sent = 0
    for note in pending:
        if not note.recipient.email:
            continue
        body = note.body + (f"\n\n{_absolute(note.url)}" if note.url else "")
        message = EmailMessage(subject=note.title, body=body, to=[note.recipient.email])
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
        Notification.objects.filter(pk=note.pk).update(emailed_at=clock.now())
        sent += 1
    log.info("sent %s notification emails", sent)
    return sent
