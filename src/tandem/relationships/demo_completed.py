"""Demo step: the pairs of the completed earlier cycle (``programs.demo_completed``).

Each mentee had one mentor from another department (two mentees per mentor); most pairs
completed on the cycle's end date, about one in twelve ended early. Seeded by the demo's
seed, so the same seed gives the same pairs."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tandem.programs.models import Participant

from .models import Relationship, RelationshipMember

ENDED_EARLY = 1 / 12
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
