"""What the relationships app contributes to a person's data export and erasure.

Erasure deletes what the person wrote (notes, goal comments, pulse comments), withdraws
their consent to be named in celebrations, and keeps the facts other people need (that a
meeting was held, ratings as numbers). Closure answers are responses of the builder's
closure survey: the surveys app exports and erases them.
"""

from __future__ import annotations

from typing import Any

from .models import GoalComment, Note, Pulse, RelationshipMember


def export_relationships(person: Any) -> list[dict[str, Any]]:
    memberships = RelationshipMember.objects.filter(participant__person=person).select_related(
        "relationship__program"
    )
    return [
        {
            "relationship_id": m.relationship_id,
            "program": m.relationship.program.name,
            "role": m.role,
            "status": m.relationship.status,
            "started_on": m.relationship.started_on,
            "ended_on": m.relationship.ended_on,
            "agreement_accepted_at": m.agreement_accepted_at,
            "agreement_notes": m.agreement_notes,
            "named_in_celebrations_at": m.named_in_celebrations_at,
        }
        for m in memberships
    ]


def export_relationships_for_admin(person: Any) -> list[dict[str, Any]]:
    """What an org admin sees of the person's relationships: that they exist and how they
    stand — not the member's own words in the agreement."""
    rows = export_relationships(person)
    for row in rows:
        del row["agreement_notes"]
    return rows


def export_authored(person: Any) -> dict[str, list[dict[str, Any]]]:
    """Everything the person wrote, private notes included (they are the author)."""
    return {
        "notes": [
            dict(n)
            for n in Note.objects.filter(author=person).values(
                "relationship_id", "visibility", "body", "created_at"
            )
        ],
        "goal_comments": [
            dict(c)
            for c in GoalComment.objects.filter(author=person).values(
                "goal_id", "body", "created_at"
            )
        ],
        "pulses": [
            dict(p)
            for p in Pulse.objects.filter(person=person).values(
                "meeting_id", "rating", "good_fit", "comment", "created_at"
            )
        ],
    }


def erase_authored(person: Any) -> int:
    notes, _ = Note.objects.filter(author=person).delete()
    comments, _ = GoalComment.objects.filter(author=person).delete()
    pulses = Pulse.objects.filter(person=person).exclude(comment="").update(comment="")
    agreements = (
        RelationshipMember.objects.filter(participant__person=person)
        .exclude(agreement_notes="")
        .update(agreement_notes="")
    )
    named = (
        RelationshipMember.objects.filter(participant__person=person)
        .exclude(named_in_celebrations_at=None)
        .update(named_in_celebrations_at=None)
    )
    return notes + comments + pulses + agreements + named
