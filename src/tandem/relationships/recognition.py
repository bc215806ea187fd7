"""What a celebration says to its viewer.

A celebration's stored title names the goal or milestone ("Goal achieved: …"). Goals are
the members' contents, so everyone else in the program — its managers, org admins, other
pairs — reads only that a milestone was reached or a goal achieved.
"""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated

from .models import Celebration, RelationshipMember

PRIVATE_KINDS: dict[str, str] = {
    Celebration.Kind.MILESTONE: "A mentoring pair reached a milestone",
    Celebration.Kind.GOAL: "A mentoring pair achieved a goal",
}


def member_relationship_ids(viewer: Any, program_id: int) -> set[int]:
    """The relationships of ``program_id`` the viewer is a member of."""
    if not is_authenticated(viewer):
        return set()
    return set(
        RelationshipMember.objects.filter(
            relationship__program_id=program_id, participant__person__user_id=viewer.pk
        ).values_list("relationship_id", flat=True)
    )


def shown_title(celebration: Celebration, member_of: set[int]) -> str:
    if celebration.kind in PRIVATE_KINDS and celebration.relationship_id not in member_of:
        return PRIVATE_KINDS[celebration.kind]
    return celebration.title


def feed_for(viewer: Any, celebrations: Any) -> list[Celebration]:
    """The celebrations with ``shown_title`` set for ``viewer`` (one program's feed)."""
    items = list(celebrations)
    if not items:
        return items
    member_of = member_relationship_ids(viewer, items[0].program_id)
    for celebration in items:
        celebration.shown_title = shown_title(celebration, member_of)
    return items
