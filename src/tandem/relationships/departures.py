"""When someone leaves: the identity provider deactivates them (SCIM ``active: false``).

Their active relationships are paused, not ended (a reactivation, e.g. after parental
leave, can resume them), and the other members and the program's managers are told."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core.audit import record_audit
from tandem.engagement.services import notify as send_notification

from .common import member_people, relationship_url
from .models import Relationship

PAUSED_FOR_MEMBERS = "Your mentoring relationship with {name} is paused"
PAUSED_FOR_MEMBERS_BODY = (
    "{name} is no longer active in the company directory, so the relationship is paused. "
    "Your program manager will be in touch about a rematch."
)
PAUSED_FOR_MANAGERS = "{program}: relationship paused — {name} was deactivated"
PAUSED_FOR_MANAGERS_BODY = (
    "The identity provider deactivated {name}. Their relationship with {others} is paused; "
    "consider a rematch for {others}."
)


@transaction.atomic
def pause_relationships_of_deactivated(*, person: Any, actor_label: str) -> list[Relationship]:
    """Pause every active relationship ``person`` is a member of; tell the others."""
    relationships = list(
        Relationship.objects.filter(
            members__participant__person=person, status=Relationship.Status.ACTIVE
        )
        .select_related("program")
        .prefetch_related("members__participant__person", "program__managers")
        .distinct()
    )
    for relationship in relationships:
        relationship.status = Relationship.Status.PAUSED
        relationship.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=None,
            actor_label=actor_label,
            action="relationship.pause",
            target=relationship,
            before={"status": "active"},
            after={"status": "paused", "reason": f"{person.full_name} deactivated"},
        )
        _tell(relationship, person)
    return relationships


def _tell(relationship: Relationship, person: Any) -> None:
    others = [p for p in member_people(relationship) if p.pk != person.pk]
    names = " & ".join(p.full_name for p in others) or "their partner"
    url = relationship_url(relationship)
    if others:
        send_notification(
            recipients=others,
            kind="relationship.paused",
            title=PAUSED_FOR_MEMBERS.format(name=person.full_name),
            body=PAUSED_FOR_MEMBERS_BODY.format(name=person.full_name),
            url=url,
        )
    managers = [m for m in relationship.program.managers.all() if m.pk != person.pk]
    if managers:
        send_notification(
            recipients=managers,
            kind="relationship.paused",
            title=PAUSED_FOR_MANAGERS.format(
                program=relationship.program.name, name=person.full_name
            ),
            body=PAUSED_FOR_MANAGERS_BODY.format(name=person.full_name, others=names),
            url=url,
        )
