"""What the relationships app tells the world outside Tandem: webhook events for integrators
and celebration posts for chat channels. Ids and public fields only — never goal or
milestone titles, notes, pulses or free-text reasons."""

from __future__ import annotations

from django.urls import reverse

from tandem.engagement.services import post_to_channels, publish_event

from .models import Celebration, Relationship

CELEBRATION_TEXT: dict[str, str] = {
    Celebration.Kind.MILESTONE: "A mentoring pair reached a milestone",
    Celebration.Kind.GOAL: "A mentoring pair achieved a goal",
    Celebration.Kind.COMPLETED: "A mentoring relationship was completed",
}


def _ids(relationship: Relationship) -> dict[str, object]:
    members = list(relationship.members.all())
    return {
        "relationship_id": relationship.pk,
        "program_id": relationship.program_id,
        "kind": relationship.kind,
        "status": relationship.status,
        "mentor_person_ids": [m.participant.person_id for m in members if m.role == "mentor"],
        "mentee_person_ids": [m.participant.person_id for m in members if m.role != "mentor"],
    }


def relationship_event(name: str, relationship: Relationship) -> None:
    data = _ids(relationship)
    if name == "relationship.ended":
        data["ended_on"] = relationship.ended_on.isoformat() if relationship.ended_on else None
    if name == "relationship.activated":
        data["started_on"] = (
            relationship.started_on.isoformat() if relationship.started_on else None
        )
    publish_event(name, data)


def celebrated(celebration: Celebration) -> None:
    """A webhook event for goals and milestones, and a post on the program's chat channels."""
    relationship = celebration.relationship
    if celebration.kind == Celebration.Kind.MILESTONE and celebration.milestone_id:
        publish_event(
            "milestone.completed",
            {
                "milestone_id": celebration.milestone_id,
                "relationship_id": relationship.pk,
                "program_id": relationship.program_id,
            },
        )
    post_to_channels(
        event="celebration",
        title=f"🎉 {CELEBRATION_TEXT[celebration.kind]} in {relationship.program.name}",
        url=reverse("relationships:recognition", args=[relationship.program_id]),
        program=relationship.program,
    )


def goal_completed(goal_id: int, relationship: Relationship) -> None:
    publish_event(
        "goal.completed",
        {
            "goal_id": goal_id,
            "relationship_id": relationship.pk,
            "program_id": relationship.program_id,
        },
    )
