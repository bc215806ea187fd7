"""What the engagement app contributes to a person's data export and erasure."""

from __future__ import annotations

from typing import Any

from .models import Notification, NotificationPreference


def export_notifications(person: Any) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(recipient=person, in_app=True)
    return [dict(row) for row in rows.values("kind", "title", "body", "created_at", "read_at")]


def export_preferences(person: Any) -> dict[str, Any] | None:
    pref = NotificationPreference.objects.filter(person=person).first()
    return (
        None
        if pref is None
        else {
            "digest": pref.digest,
            "digest_day": pref.digest_day,
            "digest_hour": pref.digest_hour,
            "quiet_hours_start": pref.quiet_hours_start,
            "quiet_hours_end": pref.quiet_hours_end,
            "kinds": pref.kinds,
            "chat_kind": pref.chat_kind,
        }
    )


def erase_notifications(person: Any) -> int:
    deleted, _ = Notification.objects.filter(recipient=person).delete()
    NotificationPreference.objects.filter(person=person).delete()
    return deleted
