"""Naming the members in their relationship's celebrations, with the consent of each.

Each member of a relationship agrees (or withdraws) on their own; a celebration names the
members only while **every** member agrees and none of them has left the recognition wall.
Withdrawing takes effect at once: the sentence shown is computed when it is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import NotAllowed

from .models import Celebration, Relationship, RelationshipMember

NOT_A_MEMBER = "Only the members of the relationship choose whether they are named."

# Other apps say who has left the recognition wall: ``hook(person_ids) -> opted-out ids``
# (the learning app: ``LearningSettings.on_recognition_wall``).
WALL_OPT_OUTS: list[Callable[[set[int]], set[int]]] = []

NAMED: dict[str, str] = {
    Celebration.Kind.MILESTONE: "{names} reached a milestone",
    Celebration.Kind.GOAL: "{names} achieved a goal",
    Celebration.Kind.COMPLETED: "{names} completed their mentoring relationship",
}


def join_names(names: list[str]) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Cleo"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _mentor_first(member: RelationshipMember) -> tuple[int, bool, int]:
    return (member.relationship_id, member.role != RelationshipMember.Role.MENTOR, member.pk)


def opted_out(person_ids: set[int]) -> set[int]:
    hidden: set[int] = set()
    for hook in WALL_OPT_OUTS:
        hidden |= hook(person_ids)
    return hidden


def named_members(relationship_ids: Iterable[int]) -> dict[int, str]:
    """``{relationship id: "Ana and Ben"}`` for the relationships whose every member agrees to
    be named and none has left the wall (two queries plus the opt-out hooks)."""
    rows = list(
        RelationshipMember.objects.filter(relationship_id__in=set(relationship_ids))
        .select_related("participant__person")
        .order_by("relationship_id", "id")
    )
    rows.sort(key=_mentor_first)
    by_relationship: dict[int, list[RelationshipMember]] = {}
    for row in rows:
        by_relationship.setdefault(row.relationship_id, []).append(row)
    hidden = opted_out({r.participant.person_id for r in rows})
    found: dict[int, str] = {}
    for rid, members in by_relationship.items():
        if len(members) < 2 or any(m.named_in_celebrations_at is None for m in members):
            continue
        if any(m.participant.person_id in hidden for m in members):
            continue
        found[rid] = join_names([m.participant.person.full_name for m in members])
    return found


def named_title(celebration: Celebration, names: str) -> str:
    return NAMED[celebration.kind].format(names=names)


@dataclass(frozen=True)
class MemberConsent:
    person_id: int
    full_name: str
    role: str
    agreed: bool


@dataclass(frozen=True)
class Naming:
    relationship_id: int
    named_by_me: bool
    named_by_all: bool
    shown_with_names: bool
    members: list[MemberConsent]


def naming_of(*, actor: Any, relationship: Relationship) -> Naming:
    members = sorted(relationship.members.select_related("participant__person"), key=_mentor_first)
    mine = next((m for m in members if m.participant.person.user_id == actor.pk), None)
    everyone = bool(members) and all(m.named_in_celebrations_at for m in members)
    return Naming(
        relationship_id=relationship.pk,
        named_by_me=bool(mine and mine.named_in_celebrations_at),
        named_by_all=everyone,
        shown_with_names=relationship.pk in named_members([relationship.pk]),
        members=[
            MemberConsent(
                person_id=m.participant.person_id,
                full_name=m.participant.person.full_name,
                role=m.role,
                agreed=m.named_in_celebrations_at is not None,
            )
            for m in members
        ],
    )


@transaction.atomic
def set_named_in_celebrations(*, actor: Any, relationship: Relationship, named: bool) -> Naming:
    """The caller agrees to be named (``named=True``) or withdraws (``False``, at once)."""
    member = (
        RelationshipMember.objects.select_for_update()
        .filter(relationship=relationship, participant__person__user_id=actor.pk)
        .first()
    )
    if member is None:
        raise NotAllowed(NOT_A_MEMBER)
    before = member.named_in_celebrations_at is not None
    if before != named:
        member.named_in_celebrations_at = clock.now() if named else None
        member.save(update_fields=["named_in_celebrations_at"])
        record_audit(
            actor=actor,
            action="relationship.celebration_names",
            target=relationship,
            before={"named": before},
            after={"named": named},
        )
    return naming_of(actor=actor, relationship=relationship)
