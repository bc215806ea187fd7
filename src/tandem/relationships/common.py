"""What the relationship workflows (services, meetings, goals, notes, closure) share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from tandem.core.errors import ConflictError, NotAllowed
from tandem.engagement.services import Attachment
from tandem.engagement.services import notify as send_notification
from tandem.people.models import Person

from . import permissions
from .models import Relationship

MEMBERS_ONLY = "Only the relationship's members can do this."
CLOSED = "This relationship is closed; it stays readable but can no longer change."


def member_people(relationship: Relationship) -> list[Person]:
    return [m.participant.person for m in relationship.members.all()]


def relationship_url(relationship: Relationship) -> str:
    return reverse("relationships:detail", args=[relationship.pk])


def notify_members(
    relationship: Relationship,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    exclude: Any = None,
    attachments: list[Attachment] | None = None,
    times: dict[str, dt.datetime] | None = None,
) -> None:
    """Notify the relationship's members, except ``exclude`` (usually the one who acted)."""
    people = [
        p
        for p in member_people(relationship)
        if exclude is None or p.user_id is None or p.user_id != exclude.pk
    ]
    if people:
        send_notification(
            recipients=people,
            kind=kind,
            title=title,
            body=body,
            url=url or relationship_url(relationship),
            attachments=attachments,
            times=times,
        )


def require_open_member(actor: Any, relationship: Relationship) -> None:
    if not permissions.is_member(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if relationship.is_closed:
        raise ConflictError(CLOSED)
