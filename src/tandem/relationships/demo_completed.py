"""Demo step: the pairs of the completed earlier cycle (``programs.demo_completed``).

Each mentee had one mentor from another department (two mentees per mentor); most pairs
completed on the cycle's end date, about one in twelve ended early. Pairs met every
``program.meeting_cadence_days`` from their first week to their end, at 15:00 in the
mentee's time zone, ``HELD_SHARE`` of the meetings held and the others cancelled. Seeded by
the demo's seed, so the same seed gives the same pairs."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from tandem.programs.models import Participant

from .models import Meeting, Relationship, RelationshipMember

ENDED_EARLY = 1 / 12
HELD_SHARE = 0.85
END_REASONS = [
    "The mentee changed role and the goals no longer fitted.",
    "We could not find a regular time across our time zones.",
    "The mentor went on parental leave.",
]


def build(ctx: Any) -> None:
    program = ctx.programs.get("completed")
    if program is None or program.relationships.exists():
        return
    rng = random.Random(f"{ctx.seed}:completed-pairs")
    people = Participant.objects.filter(program=program).select_related("person").order_by("pk")
    mentees = [p for p in people if p.role == "mentee"]
    seats = [m for m in people if m.role == "mentor" for _ in range(m.capacity)]
    rng.shuffle(seats)
    pairs = []
    for mentee in mentees:
        mentor = next(
            (m for m in seats if m.person.department != mentee.person.department),
            seats[0] if seats else None,
        )
        if mentor is None:
            break
        seats.remove(mentor)
        pairs.append((mentee, mentor))
    _save(rng, program, pairs)
    ctx.say(f"  completed cycle: {len(pairs)} pairs")


def _save(rng: random.Random, program: Any, pairs: list[tuple[Participant, Participant]]) -> None:
    starts, ends = program.starts_on, program.ends_on
    accepted = dt.datetime.combine(starts, dt.time(10), tzinfo=dt.UTC)
    relationships = []
    for _ in pairs:
        early = rng.random() < ENDED_EARLY
        relationships.append(
            Relationship(
                program=program,
                status=Relationship.Status.ENDED if early else Relationship.Status.COMPLETED,
                started_on=starts,
                ended_on=starts + dt.timedelta(days=rng.randint(40, 150)) if early else ends,
                end_reason=rng.choice(END_REASONS) if early else "",
            )
        )
    Relationship.objects.bulk_create(relationships, batch_size=1000)
    Relationship.objects.filter(program=program).update(created_at=accepted, updated_at=accepted)
    members = [
        RelationshipMember(
            relationship=relationship,
            participant=participant,
            role=participant.role,
            agreement_accepted_at=accepted,
        )
        for relationship, pair in zip(relationships, pairs, strict=True)
        for participant in pair
    ]
    RelationshipMember.objects.bulk_create(members, batch_size=1000)
    meetings = [
        meeting
        for relationship, (mentee, _) in zip(relationships, pairs, strict=True)
        for meeting in _meetings(rng, program, relationship, zone=mentee.person.time_zone)
    ]
    Meeting.objects.bulk_create(meetings, batch_size=1000)


def _meetings(
    rng: random.Random, program: Any, relationship: Relationship, *, zone: str
) -> list[Meeting]:
    every = dt.timedelta(days=program.meeting_cadence_days or 14)
    day, rows = program.starts_on + dt.timedelta(days=7), []
    while day <= (relationship.ended_on or program.ends_on):
        local = dt.datetime.combine(day, dt.time(15), tzinfo=ZoneInfo(zone))
        held = rng.random() < HELD_SHARE
        rows.append(
            Meeting(
                relationship=relationship,
                starts_at=local.astimezone(dt.UTC),
                time_zone=zone,
                status=Meeting.Status.HELD if held else Meeting.Status.CANCELLED,
            )
        )
        day += every
    return rows
