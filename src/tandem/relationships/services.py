"""Writes to relationships: create, agreement, pause/resume/end/complete, closure survey, notes.

Goals and milestones live in ``goals.py``; meetings and pulses in ``meetings.py``. Every
service is keyword-only, atomic, checks permission and raises ``DomainError`` (400),
``NotAllowed`` (403) or ``ConflictError`` (409) with a message constant from this module.

Public entry points for other apps: ``create_relationship`` (the matchmaking app publishes
through it) and ``end_relationship``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.engagement.services import Attachment
from tandem.programs import services as program_services
from tandem.programs.models import Participant, Program

from . import ics, outbound, permissions
from .closure_port import closure_surveys
from .common import (
    CLOSED,
    MEMBERS_ONLY,
    member_people,
    notify_members,
)
from .health import refresh_health
from .models import (
    Celebration,
    Meeting,
    Relationship,
    RelationshipMember,
)

NOT_A_MANAGER = "Only this program's managers can create relationships."
NOT_ENROLLED = "{name} is not enrolled in this program."
NOT_APPROVED = "{name} is not approved in this program (status: {status})."
WRONG_ROLE = "{name} is enrolled as {role}, not as {expected}."
PAIR_SHAPE = "A mentoring pair has one mentor and exactly one mentee."
CIRCLE_SHAPE = "A mentoring circle has one mentor and at least two mentees."
PEER_SHAPE = "A peer pair has two peers and no mentor."
SAME_PERSON = "Someone cannot be in the same relationship twice (or mentor themselves)."
ALREADY_OPEN = "{mentor} and {mentee} already have an open relationship in this program."
OVER_CAPACITY = "{mentor} already mentors {count} people; their capacity is {capacity}."
AGREEMENT_FIRST = "The relationship becomes active when every member accepts the agreement."
REASON_REQUIRED = "Say why the relationship ends early."
BAD_TRANSITION = "A {current} relationship cannot become {target}."

OPEN = (Relationship.Status.PENDING, Relationship.Status.ACTIVE, Relationship.Status.PAUSED)
ALLOWED = {  # target → the statuses it can be reached from (via change_status)
    Relationship.Status.PAUSED: {Relationship.Status.ACTIVE},
    Relationship.Status.ACTIVE: {Relationship.Status.PAUSED},
    Relationship.Status.ENDED: set(OPEN),
    Relationship.Status.COMPLETED: {Relationship.Status.ACTIVE, Relationship.Status.PAUSED},
}


# --- creation ------------------------------------------------------------------------------


def _check_participant(participant: Participant, program: Program, expected: str) -> None:
    name = participant.person.full_name
    if participant.program_id != program.pk:
        raise DomainError(NOT_ENROLLED.format(name=name), field="participants")
    if participant.status not in {Participant.Status.APPROVED, Participant.Status.MATCHED}:
        message = NOT_APPROVED.format(name=name, status=participant.get_status_display())
        raise DomainError(message, field="participants")
    if participant.role != expected:
        message = WRONG_ROLE.format(name=name, role=participant.role, expected=expected)
        raise DomainError(message, field="participants")


def _check_shape(kind: str, mentor: Participant | None, mentees: list[Participant]) -> None:
    if kind == Relationship.Kind.PAIR and (mentor is None or len(mentees) != 1):
        raise DomainError(PAIR_SHAPE, field="mentee_ids")
    if kind == Relationship.Kind.CIRCLE and (mentor is None or len(mentees) < 2):
        raise DomainError(CIRCLE_SHAPE, field="mentee_ids")
    if kind == Relationship.Kind.PEER and (mentor is not None or len(mentees) != 2):
        raise DomainError(PEER_SHAPE, field="mentee_ids")
    people = [p.person_id for p in [*([mentor] if mentor else []), *mentees]]
    if len(set(people)) != len(people):
        raise DomainError(SAME_PERSON, field="mentee_ids")


def _check_open_and_capacity(
    program: Program, mentor: Participant | None, mentees: list[Participant]
) -> None:
    if mentor is None:
        return
    mine = Relationship.objects.filter(
        program=program, status__in=OPEN, members__participant=mentor
    ).values("pk")
    open_mentees = RelationshipMember.objects.filter(
        relationship__in=mine, role=RelationshipMember.Role.MENTEE
    ).select_related("participant__person")
    current = {m.participant.person_id: m.participant.person for m in open_mentees}
    for mentee in mentees:
        if mentee.person_id in current:
            message = ALREADY_OPEN.format(
                mentor=mentor.person.full_name, mentee=mentee.person.full_name
            )
            raise ConflictError(message, field="mentee_ids")
    if len(current) + len(mentees) > mentor.capacity:
        message = OVER_CAPACITY.format(
            mentor=mentor.person.full_name, count=len(current), capacity=mentor.capacity
        )
        raise DomainError(message, field="mentor_id")


def _clean_reasons(reasons: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [
        {
            "criterion": str(item["criterion"])[:80],
            "contribution": float(item.get("contribution") or 0),
            "detail": str(item.get("detail") or "")[:300],
        }
        for item in reasons or []
        if isinstance(item, dict) and item.get("criterion")
    ]


@transaction.atomic
def create_relationship(
    *,
    program: Program,
    mentor: Participant | None,
    mentees: list[Participant],
    kind: str,
    actor: Any,
    match_score: float | None = None,
    match_reasons: list[dict[str, Any]] | None = None,
    match_run_id: int | None = None,
    notify: bool = True,
    trusted: bool = False,
) -> Relationship:
    """Create a pending relationship and tell its members.

    ``mentor`` is None for a peer pair (then ``mentees`` holds the two peers). The actor must
    manage the program or be an org admin, unless ``trusted`` is set by another app's service
    that has authorised the write already (e.g. a mentor accepting a mentee's request).
    """
    if not trusted and not permissions.can_create_relationship(actor, program):
        raise NotAllowed(NOT_A_MANAGER)
    _check_shape(kind, mentor, mentees)
    peer = kind == Relationship.Kind.PEER
    if mentor is not None:
        _check_participant(mentor, program, Participant.Role.MENTOR)
    for mentee in mentees:
        _check_participant(mentee, program, Participant.Role.PEER if peer else "mentee")
    _check_open_and_capacity(program, mentor, mentees)
    relationship = Relationship(
        program=program,
        kind=kind,
        match_score=match_score,
        match_reasons=_clean_reasons(match_reasons),
        match_run_id=match_run_id,
    )
    full_clean_or_raise(relationship)
    relationship.save()
    role = RelationshipMember.Role.PEER if peer else RelationshipMember.Role.MENTEE
    rows = [
        RelationshipMember(relationship=relationship, participant=p, role=role) for p in mentees
    ]
    if mentor is not None:
        rows.insert(
            0,
            RelationshipMember(
                relationship=relationship, participant=mentor, role=RelationshipMember.Role.MENTOR
            ),
        )
    RelationshipMember.objects.bulk_create(rows)
    ids = [m.pk for m in [*([mentor] if mentor else []), *mentees]]
    program_services.mark_participants_matched(participant_ids=ids)
    record_audit(
        actor=actor,
        action="relationship.create",
        target=relationship,
        after={**snapshot(relationship), "participant_ids": ids},
    )
    relationship = Relationship.objects.prefetch_related("members__participant__person").get(
        pk=relationship.pk
    )
    refresh_health(relationship)
    outbound.relationship_event("relationship.created", relationship)
    if notify:
        notify_members(
            relationship,
            kind="relationship.created",
            title=f"You have a new mentoring match in {program.name}",
            body="Meet your match, read the mentoring agreement and accept it to get started.",
        )
    return relationship


# --- agreement -----------------------------------------------------------------------------


@transaction.atomic
def accept_agreement(*, relationship: Relationship, actor: Any, notes: str = "") -> Relationship:
    """Record the actor's acceptance (and their own points); active once everyone accepted.

    Accepting again only updates the actor's own points."""
    member = permissions.membership(actor, relationship)
    if member is None:
        raise NotAllowed(MEMBERS_ONLY)
    if relationship.is_closed:
        raise ConflictError(CLOSED)
    first_time = member.agreement_accepted_at is None
    if first_time:
        member.agreement_accepted_at = clock.now()
    member.agreement_notes = notes.strip()
    full_clean_or_raise(member, exclude=["relationship", "participant"])
    member.save(update_fields=["agreement_accepted_at", "agreement_notes"])
    members = list(relationship.members.all())
    everyone = all(m.agreement_accepted_at for m in members)
    if everyone and relationship.status == Relationship.Status.PENDING:
        relationship.status = Relationship.Status.ACTIVE
        relationship.started_on = clock.today()
        relationship.save(update_fields=["status", "started_on", "updated_at"])
        refresh_health(relationship)
        outbound.relationship_event("relationship.activated", relationship)
        notify_members(
            relationship,
            kind="relationship.active",
            title="Your mentoring relationship is active",
            body="Everyone accepted the agreement. Set a first goal and schedule a meeting.",
        )
    elif first_time:
        name = member.participant.person.full_name
        notify_members(
            relationship,
            kind="relationship.agreement",
            exclude=actor,
            title=f"{name} accepted the mentoring agreement",
            body="Read it and accept it too, adding your own points if you like.",
            url=reverse("relationships:agreement", args=[relationship.pk]),
        )
    return relationship


# --- status --------------------------------------------------------------------------------


@transaction.atomic
def change_status(
    *, relationship: Relationship, actor: Any, status: str, reason: str = ""
) -> Relationship:
    """Pause, resume, end early (with a reason) or complete."""
    if not permissions.can_change_status(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if status == relationship.status:
        return relationship
    if status == Relationship.Status.ACTIVE and relationship.status == Relationship.Status.PENDING:
        raise ConflictError(AGREEMENT_FIRST, field="status")
    if relationship.is_closed:
        raise ConflictError(CLOSED, field="status")
    if status not in ALLOWED or relationship.status not in ALLOWED[status]:  # type: ignore[index]
        raise ConflictError(
            BAD_TRANSITION.format(current=relationship.status, target=status), field="status"
        )
    if status in {Relationship.Status.ENDED, Relationship.Status.COMPLETED}:
        return end_relationship(
            relationship=relationship, actor=actor, reason=reason, status=status
        )
    before = snapshot(relationship, ["status"])
    relationship.status = status
    relationship.save(update_fields=["status", "updated_at"])
    record_audit(
        actor=actor,
        action=f"relationship.{'pause' if status == 'paused' else 'resume'}",
        target=relationship,
        before=before,
        after=snapshot(relationship, ["status"]),
    )
    verb = "paused" if status == Relationship.Status.PAUSED else "resumed"
    outbound.relationship_event(f"relationship.{verb}", relationship)
    notify_members(
        relationship,
        kind=f"relationship.{verb}",
        exclude=actor,
        title=f"Your mentoring relationship was {verb}",
    )
    return relationship


def _cancel_future_meetings(relationship: Relationship) -> list[Meeting]:
    future = list(
        Meeting.objects.filter(
            relationship=relationship, status=Meeting.Status.SCHEDULED, starts_at__gt=clock.now()
        )
    )
    for meeting in future:
        meeting.status = Meeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.relationship = relationship
    Meeting.objects.bulk_update(future, ["status", "sequence"])
    return future


@transaction.atomic
def end_relationship(
    *,
    relationship: Relationship,
    actor: Any,
    reason: str = "",
    status: str = Relationship.Status.ENDED,
    ended_on: dt.date | None = None,
    check_permission: bool = True,
) -> Relationship:
    """Close a relationship: ``ended`` early (a reason is required) or ``completed``.

    Future meetings are cancelled (members get one CANCEL invite), a completion is
    celebrated, and both members are asked to answer the closure survey. ``actor`` None with
    ``check_permission=False`` is the system (the end-of-program job)."""
    if check_permission and not permissions.can_change_status(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if relationship.is_closed:
        raise ConflictError(CLOSED, field="status")
    if status not in {Relationship.Status.ENDED, Relationship.Status.COMPLETED}:
        raise DomainError(BAD_TRANSITION.format(current=relationship.status, target=status))
    reason = reason.strip()
    if status == Relationship.Status.ENDED and not reason:
        raise DomainError(REASON_REQUIRED, field="reason")
    if status == Relationship.Status.COMPLETED and relationship.status == "pending":
        raise ConflictError(BAD_TRANSITION.format(current="pending", target=status), "status")
    before = snapshot(relationship, ["status", "ended_on", "end_reason"])
    relationship.status = status
    relationship.ended_on = ended_on or clock.today()
    relationship.end_reason = reason
    full_clean_or_raise(relationship)
    relationship.save()
    record_audit(
        actor=actor,
        action=f"relationship.{status}",
        target=relationship,
        before=before,
        after=snapshot(relationship, ["status", "ended_on", "end_reason"]),
    )
    cancelled = _cancel_future_meetings(relationship)
    attachments = []
    if cancelled:
        content = ics.calendar_bytes(cancelled, method=ics.METHOD_CANCEL)
        attachments.append(Attachment("cancel.ics", content, ics.content_type(ics.METHOD_CANCEL)))
    outbound.relationship_event("relationship.ended", relationship)
    if status == Relationship.Status.COMPLETED:
        celebration = Celebration.objects.create(
            relationship=relationship,
            program=relationship.program,
            kind=Celebration.Kind.COMPLETED,
            title=" & ".join(p.full_name for p in member_people(relationship))
            + f" completed their mentoring in {relationship.program.name}",
        )
        outbound.celebrated(celebration)
    closure_surveys().prepare(relationship)
    word = "completed" if status == Relationship.Status.COMPLETED else "ended"
    notify_members(
        relationship,
        kind=f"relationship.{word}",
        title=f"Your mentoring relationship has {word} — a two-minute closure survey",
        body="Tell us what you achieved. Your certificate of participation is ready.",
        url=reverse("relationships:closure", args=[relationship.pk]),
        attachments=attachments,
    )
    return relationship
