"""What the engagement app contributes to a person's data export and erasure."""

from __future__ import annotations

from typing import Any

from .models import Notification


def export_notifications(person: Any) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(recipient=person)
    return [dict(row) for row in rows.values("kind", "title", "body", "created_at", "read_at")]


def erase_notifications(person: Any) -> int:
    deleted, _ = Notification.objects.filter(recipient=person).delete()
    return deleted
