"""What the programs app contributes to a person's data export and erasure."""

from __future__ import annotations

from typing import Any

from .models import Participant


def export_participations(person: Any) -> list[dict[str, Any]]:
    rows = Participant.objects.filter(person=person).select_related("program")
    return [
        {
            "program": p.program.name,
            "role": p.role,
            "status": p.status,
            "capacity": p.capacity,
            "answers": p.answers,
            "applied_at": p.created_at,
        }
        for p in rows
    ]


def erase_answers(person: Any) -> int:
    """Enrolment answers are the person's words; the participation itself stays (counts)."""
    return Participant.objects.filter(person=person).exclude(answers={}).update(answers={})
