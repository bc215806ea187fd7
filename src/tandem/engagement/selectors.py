"""Reads of the engagement app. ``access_*`` fetch AND authorise: 404 for what the actor may
not know exists, 403 when they may see it but not manage it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from tandem.core.permissions import is_authenticated
from tandem.people.models import Person
from tandem.programs import selectors as program_selectors
from tandem.programs.models import Program
from tandem.relationships import selectors as relationship_selectors
from tandem.relationships.models import Relationship

from . import permissions
from .models import (
    ChatChannel,
    ChatPost,
    Intervention,
    Notification,
    NotificationPreference,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

MANAGERS_ONLY = "Only this program's managers can see this."
ADMINS_ONLY = "Only org admins can manage webhooks and organisation channels."


def list_my_notifications(
    actor: Any, *, unread_only: bool = False, kind: str = ""
) -> QuerySet[Notification]:
    mine = Notification.objects.filter(recipient__user_id=actor.pk, in_app=True)
    if unread_only:
        mine = mine.filter(read_at__isnull=True)
    if kind:
        mine = mine.filter(kind__startswith=kind)
    return mine


def unread_count(actor: Any) -> int:
    return list_my_notifications(actor, unread_only=True).count()


def my_person(actor: Any) -> Person:
    person = Person.objects.filter(user_id=actor.pk).first() if is_authenticated(actor) else None
    if person is None:
        raise Http404("Your login is not linked to a person in the directory.")
    return person


def my_preferences(actor: Any) -> NotificationPreference:
    person = my_person(actor)
    return NotificationPreference.objects.filter(person=person).first() or NotificationPreference(
        person=person
    )


def access_managed_program_by_id(*, actor: Any, program_id: int) -> Program:
    """A program the actor may see (else 404) and manage (else 403)."""
    program = program_selectors.access_program_by_id(actor=actor, program_id=program_id)
    if not permissions.can_manage_program_engagement(actor, program):
        raise PermissionDenied(MANAGERS_ONLY)
    return program


def access_managed_relationship_by_id(*, actor: Any, relationship_id: int) -> Relationship:
    relationship = relationship_selectors.access_relationship_by_id(
        actor=actor, relationship_id=relationship_id
    )
    if not permissions.can_manage_program_engagement(actor, relationship.program):
        raise PermissionDenied(MANAGERS_ONLY)
    return relationship


def list_interventions(relationship: Relationship) -> QuerySet[Intervention]:
    return relationship.interventions.select_related("owner", "created_by")


def access_intervention_by_id(*, actor: Any, intervention_id: int) -> Intervention:
    item = (
        Intervention.objects.select_related("relationship__program", "owner", "created_by")
        .filter(pk=intervention_id)
        .first()
    )
    if item is None or not permissions.can_manage_program_engagement(
        actor, item.relationship.program
    ):
        raise Http404("No such intervention.")
    return item


def list_program_channels(program: Program) -> QuerySet[ChatChannel]:
    return ChatChannel.objects.filter(program=program)


def list_org_channels() -> QuerySet[ChatChannel]:
    return ChatChannel.objects.filter(program__isnull=True)


def access_channel_by_id(*, actor: Any, channel_id: int) -> ChatChannel:
    channel = ChatChannel.objects.select_related("program").filter(pk=channel_id).first()
    if channel is None:
        raise Http404("No such channel.")
    allowed = (
        permissions.can_manage_org_channels(actor)
        if channel.program is None
        else permissions.can_manage_program_engagement(actor, channel.program)
    )
    if not allowed:
        raise Http404("No such channel.")
    return channel


def recent_posts(channel: ChatChannel, limit: int = 20) -> list[ChatPost]:
    return list(channel.posts.all()[:limit])


def require_webhook_admin(actor: Any) -> None:
    if not is_authenticated(actor):
        raise PermissionDenied("Sign in first.")
    if not permissions.can_manage_webhooks(actor):
        raise PermissionDenied(ADMINS_ONLY)


def list_endpoints(actor: Any) -> QuerySet[WebhookEndpoint]:
    require_webhook_admin(actor)
    return WebhookEndpoint.objects.all()


def access_endpoint_by_id(*, actor: Any, endpoint_id: int) -> WebhookEndpoint:
    require_webhook_admin(actor)
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook endpoint.")
    return endpoint


def list_deliveries(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    return endpoint.deliveries.all()


def access_delivery_by_id(*, actor: Any, delivery_id: int) -> WebhookDelivery:
    require_webhook_admin(actor)
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery.")
    return delivery


def list_attempts(delivery: WebhookDelivery) -> QuerySet[WebhookAttempt]:
    return delivery.tries.all()
