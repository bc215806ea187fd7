"""Interventions: what a program manager does about a relationship at risk.

Each is a recorded object with an owner, a follow-up date and, later, an outcome. Recording
one also does the action: **nudge** sends the (editable) prepared message to the members;
**check_in** asks them for a check-in with the manager, with an ``.ics`` invite when a time
is proposed; **pause** and **close** change the relationship through the relationships app;
**rematch** is done on the existing rematch page, which the intervention links to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.models import Person
from tandem.people.selectors import person_of
from tandem.relationships import services as relationship_services
from tandem.relationships.common import member_people
from tandem.relationships.models import Relationship

from . import permissions, risk
from .events import publish_event
from .models import Intervention
from .services import Attachment, notify

NOT_A_MANAGER = "Only this program's managers can record interventions."
CLOSED = "This relationship is closed; there is nothing left to intervene on."
CLOSE_REASON = "Say why the relationship is closed (the members see it)."
MESSAGE_NEEDED = "Write the message the members will receive."
FOLLOW_UP_PAST = "The follow-up date cannot be in the past."
CHECK_IN_PAST = "Propose a check-in time in the future."
NOT_ACTIVE = "Only an active relationship can be paused (this one is {status})."
OWNER_NOT_MANAGER = "The owner must be one of the program's managers."
ALREADY_CLOSED = "This intervention is closed; reopen it by clearing its outcome first."
CHECK_IN_MINUTES = 30


def prepared_message(relationship: Relationship, sender: Person | None) -> str:
    """The editable nudge a manager starts from."""
    name = sender.full_name if sender else "your program manager"
    return (
        f"Hello both, this is {name} from {relationship.program.name}. I noticed you have "
        "not met for a while. Is everything all right? If it helps, book a short meeting "
        "this week and pick one goal to talk about — and tell me if something is in the "
        "way; I am happy to help."
    )


def _require(actor: Any, relationship: Relationship) -> None:
    if not permissions.can_manage_program_engagement(actor, relationship.program):
        raise NotAllowed(NOT_A_MANAGER)


def _check_in_invite(
    relationship: Relationship, host: Person | None, at: dt.datetime
) -> Attachment:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tandem//Check-in//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"check-in-{relationship.pk}-{int(at.timestamp())}@tandem")
    event.add("dtstamp", clock.now())
    event.add("dtstart", at)
    event.add("dtend", at + dt.timedelta(minutes=CHECK_IN_MINUTES))
    event.add("summary", f"Check-in about your mentoring in {relationship.program.name}")
    if host is not None:
        event.add("organizer", f"mailto:{host.email}", parameters={"cn": host.full_name})
    calendar.add_component(event)
    return Attachment("check-in.ics", calendar.to_ical(), "text/calendar; method=REQUEST")


def _act(item: Intervention, actor: Any, sender: Person | None) -> None:
    relationship = item.relationship
    people = member_people(relationship)
    who = sender.full_name if sender else "Your program manager"
    if item.action == Intervention.Action.NUDGE:
        notify(
            recipients=people,
            kind="intervention.nudge",
            title=f"A note from {who} about your mentoring",
            body=item.message,
            url=reverse("relationships:detail", args=[relationship.pk]),
        )
    elif item.action == Intervention.Action.CHECK_IN:
        when = "\n\nProposed time: {at} (the invite is attached)." if item.check_in_at else ""
        notify(
            recipients=people,
            kind="intervention.check_in",
            title=f"{who} would like a short check-in with you",
            body=item.message + when,
            url=reverse("relationships:detail", args=[relationship.pk]),
            times={"at": item.check_in_at} if item.check_in_at else None,
            attachments=[_check_in_invite(relationship, sender, item.check_in_at)]
            if item.check_in_at
            else None,
        )
    elif item.action == Intervention.Action.PAUSE:
        relationship_services.change_status(
            relationship=relationship, actor=actor, status=Relationship.Status.PAUSED
        )
    elif item.action == Intervention.Action.CLOSE:
        relationship_services.end_relationship(
            relationship=relationship, actor=actor, reason=item.note
        )


def _validate(data: dict[str, Any], relationship: Relationship) -> None:
    action = data["action"]
    today = clock.today()
    if data.get("follow_up_on") and data["follow_up_on"] < today:
        raise DomainError(FOLLOW_UP_PAST, field="follow_up_on")
    if action == Intervention.Action.CLOSE and not (data.get("note") or "").strip():
        raise DomainError(CLOSE_REASON, field="note")
    check_in_at = data.get("check_in_at")
    if action == Intervention.Action.CHECK_IN and check_in_at and check_in_at <= clock.now():
        raise DomainError(CHECK_IN_PAST, field="check_in_at")
    if action == Intervention.Action.PAUSE and relationship.status != Relationship.Status.ACTIVE:
        raise ConflictError(NOT_ACTIVE.format(status=relationship.status), field="action")


@transaction.atomic
def record_intervention(
    *, actor: Any, relationship: Relationship, data: dict[str, Any]
) -> Intervention:
    """Record and carry out an intervention: ``{action, note, message, follow_up_on,
    check_in_at, owner_id}``. The nudge and check-in messages default to the prepared one."""
    _require(actor, relationship)
    if relationship.is_closed:
        raise ConflictError(CLOSED)
    _validate(data, relationship)
    sender = person_of(actor)
    message = (data.get("message") or "").strip()
    if data["action"] in {Intervention.Action.NUDGE, Intervention.Action.CHECK_IN} and not message:
        message = prepared_message(relationship, sender)
    owner = _owner(relationship, data.get("owner_id"), sender)
    state = risk.state_of(relationship)
    item = Intervention(
        relationship=relationship,
        action=data["action"],
        note=(data.get("note") or "").strip(),
        message=message,
        owner=owner,
        created_by=sender,
        follow_up_on=data.get("follow_up_on"),
        check_in_at=data.get("check_in_at"),
        health_at_start=relationship.health,
        band_at_start=state.band if state else "",
    )
    full_clean_or_raise(item, exclude=["relationship", "owner", "created_by"])
    item.save()
    _act(item, actor, sender)
    record_audit(
        actor=actor, action=f"intervention.{item.action}", target=item, after=snapshot(item)
    )
    publish_event(
        "intervention.created",
        {
            "intervention_id": item.pk,
            "relationship_id": relationship.pk,
            "program_id": relationship.program_id,
            "action": item.action,
            "follow_up_on": item.follow_up_on.isoformat() if item.follow_up_on else None,
        },
    )
    return item


def _owner(
    relationship: Relationship, owner_id: int | None, sender: Person | None
) -> Person | None:
    if owner_id is None:
        return sender
    owner = relationship.program.managers.filter(pk=owner_id).first()
    if owner is None:
        raise DomainError(OWNER_NOT_MANAGER, field="owner_id")
    return owner


@transaction.atomic
def update_intervention(
    *, actor: Any, intervention: Intervention, data: dict[str, Any]
) -> Intervention:
    """Record the outcome (which closes it), its note, or move the follow-up date."""
    _require(actor, intervention.relationship)
    before = snapshot(intervention, ["outcome", "outcome_note", "follow_up_on", "closed_at"])
    if data.get("follow_up_on") is not None:
        if data["follow_up_on"] < clock.today():
            raise DomainError(FOLLOW_UP_PAST, field="follow_up_on")
        intervention.follow_up_on = data["follow_up_on"]
    if data.get("outcome_note") is not None:
        intervention.outcome_note = data["outcome_note"].strip()
    if "outcome" in data and data["outcome"] is not None:
        intervention.outcome = data["outcome"]
        intervention.closed_at = clock.now() if data["outcome"] else None
    full_clean_or_raise(intervention, exclude=["relationship", "owner", "created_by"])
    intervention.save()
    record_audit(
        actor=actor,
        action="intervention.update",
        target=intervention,
        before=before,
        after=snapshot(intervention, ["outcome", "outcome_note", "follow_up_on", "closed_at"]),
    )
    return intervention


def recovered(intervention: Intervention, current_health: int | None) -> bool | None:
    """Whether health recovered since the intervention: None while there is nothing to compare."""
    if intervention.health_at_start is None or current_health is None:
        return None
    return current_health > intervention.health_at_start and current_health >= 40
