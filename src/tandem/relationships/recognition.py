"""What a celebration says to its viewer.

A celebration's stored title names the goal or milestone ("Goal achieved: …"). Goals are
the members' contents, so everyone else in the program — its managers, org admins, other
pairs — reads only that a milestone was reached or a goal achieved: by a mentoring pair, or,
when every member has agreed to be named (``celebration_names``), by "Ana and Ben".
"""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated

from .celebration_names import named_members, named_title
from .models import Celebration, RelationshipMember

PRIVATE_KINDS: dict[str, str] = {
    Celebration.Kind.MILESTONE: "A mentoring pair reached a milestone",
    Celebration.Kind.GOAL: "A mentoring pair achieved a goal",
    Celebration.Kind.COMPLETED: "A mentoring pair completed their mentoring relationship",
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


def shown_title(
    celebration: Celebration, member_of: set[int], names: dict[int, str] | None = None
) -> str:
    """The stored title for the members; for everyone else the names when all agreed
    (``names`` from ``named_members``), else a neutral sentence."""
    if celebration.relationship_id in member_of or celebration.kind not in PRIVATE_KINDS:
        return celebration.title
    if names is None:
        names = named_members([celebration.relationship_id])
    if celebration.relationship_id in names:
        return named_title(celebration, names[celebration.relationship_id])
    return PRIVATE_KINDS[celebration.kind]


def feed_for(viewer: Any, celebrations: Any) -> list[Celebration]:
    """The celebrations with ``shown_title`` set for ``viewer`` (one program's feed)."""
    items = list(celebrations)
    if not items:
        return items
    member_of = member_relationship_ids(viewer, items[0].program_id)
    names = named_members(c.relationship_id for c in items)
    for celebration in items:
        celebration.shown_title = shown_title(celebration, member_of, names)
    return items


def named_celebrations(*, program_id: int | None = None, limit: int = 20) -> list[Celebration]:
    """Recent celebrations whose members all agreed to be named, with ``shown_title`` set to
    the named sentence (never a goal's title): the organisation's recognition wall."""
    rows = Celebration.objects.select_related("program").filter(
        relationship__members__named_in_celebrations_at__isnull=False
    )
    if program_id:
        rows = rows.filter(program_id=program_id)
    candidates = list(rows.distinct().order_by("-created_at", "-id")[: limit * 3])
    names = named_members(c.relationship_id for c in candidates)
    shown: list[Any] = [c for c in candidates if c.relationship_id in names][:limit]
    for celebration in shown:
        celebration.shown_title = named_title(celebration, names[celebration.relationship_id])
    return shown
