"""Bulk reads the rules share: each is one query whatever the number of subjects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from tandem.people.models import Person
from tandem.programs.models import Program
from tandem.relationships.models import Relationship, RelationshipMember

RELATIONSHIP = "relationships.relationship"
MEETING = "relationships.meeting"
GOAL = "relationships.goal"
MILESTONE = "relationships.milestone"
REQUEST = "matchmaking.matchrequest"
PARTICIPANT = "programs.participant"
PROGRAM = "programs.program"
INTERVENTION = "engagement.intervention"


def members_of(relationships: QuerySet[Relationship]) -> dict[int, list[RelationshipMember]]:
    found: dict[int, list[RelationshipMember]] = defaultdict(list)
    rows = RelationshipMember.objects.filter(
        relationship__in=relationships.values("pk")
    ).select_related("participant__person")
    for member in rows:
        found[member.relationship_id].append(member)
    return found


def people(members: list[RelationshipMember]) -> list[Person]:
    return [m.participant.person for m in members]


def names(members: list[RelationshipMember], but: Person | None = None) -> str:
    chosen = [m.participant.person.full_name for m in members if m.participant.person != but]
    return " and ".join(chosen) or "your match"


def managers_of(program_ids: list[int]) -> dict[int, list[Person]]:
    through: Any = Program.managers.through
    found: dict[int, list[Person]] = defaultdict(list)
    for row in through.objects.filter(program_id__in=program_ids).select_related("person"):
        found[row.program_id].append(row.person)
    return found


def days_ago(run_now: dt.datetime, days: int) -> dt.datetime:
    return run_now - dt.timedelta(days=days)
