"""Reads of a person's notification feed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def list_my_notifications(actor: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    mine = Notification.objects.filter(recipient__user_id=actor.pk)
    return mine.filter(read_at__isnull=True) if unread_only else mine


def unread_count(actor: Any) -> int:
    return list_my_notifications(actor, unread_only=True).count()
