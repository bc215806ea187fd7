"""Reads about relationships. ``access_*`` fetches AND authorises (404 for what the actor may
not know exists, 403 for what they know exists but may not open). No N+1: lists prefetch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from tandem.core import clock
from tandem.core.permissions import is_authenticated
from tandem.programs.models import Program

from . import permissions
from .models import (
    Celebration,
    Goal,
    Meeting,
    Milestone,
    Note,
    Pulse,
    Relationship,
    RelationshipMember,
)

MEMBERS_ONLY = "Only the relationship's members can see this."
NOT_A_MANAGER = "Only this program's managers can list its relationships."


def _members_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "members",
        queryset=RelationshipMember.objects.select_related("participant__person").order_by(
            "role", "id"
        ),
    )


def relationships_queryset() -> QuerySet[Relationship]:
    return Relationship.objects.select_related("program").prefetch_related(_members_prefetch())


def access_relationship_by_id(*, actor: Any, relationship_id: int) -> Relationship:
    """The relationship, if the actor is a member, a manager of its program or an org admin."""
    relationship = relationships_queryset().filter(pk=relationship_id).first()
    if relationship is None or not permissions.can_view_relationship(actor, relationship):
        raise Http404("No such relationship.")
    return relationship


def access_relationship_contents_by_id(*, actor: Any, relationship_id: int) -> Relationship:
    """As above, then 403 for managers and admins: contents are for the members only."""
    relationship = access_relationship_by_id(actor=actor, relationship_id=relationship_id)
    if not permissions.can_view_contents(actor, relationship):
        raise PermissionDenied(MEMBERS_ONLY)
    return relationship


def access_goal_by_id(*, actor: Any, goal_id: int) -> Goal:
    goal = (
        Goal.objects.select_related("relationship__program", "author")
        .prefetch_related(
            Prefetch("relationship__members", queryset=_members_prefetch().queryset),
            "milestones",
            Prefetch("comments", queryset=_comments()),
        )
        .filter(pk=goal_id)
        .first()
    )
    if goal is None or not permissions.is_member(actor, goal.relationship):
        raise Http404("Not found.")
    return goal


def access_milestone_by_id(*, actor: Any, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_related("goal").filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("Not found.")
    goal = access_goal_by_id(actor=actor, goal_id=milestone.goal_id)
    milestone.goal = goal
    return milestone


def access_meeting_by_id(*, actor: Any, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("relationship__program", "scheduled_by", "series")
        .prefetch_related(Prefetch("relationship__members", queryset=_members_prefetch().queryset))
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not permissions.is_member(actor, meeting.relationship):
        raise Http404("Not found.")
    return meeting


def access_note_by_id(*, actor: Any, note_id: int) -> Note:
    """A note its reader may see; private notes of someone else are 404, as if absent."""
    note = (
        Note.objects.select_related("author", "relationship__program")
        .prefetch_related(Prefetch("relationship__members", queryset=_members_prefetch().queryset))
        .filter(pk=note_id)
        .first()
    )
    if note is None or not permissions.can_view_note(actor, note):
        raise Http404("Not found.")
    return note


# --- lists ---------------------------------------------------------------------------------


def list_my_relationships(actor: Any, *, status: str = "") -> QuerySet[Relationship]:
    if not is_authenticated(actor):
        return Relationship.objects.none()
    mine = relationships_queryset().filter(members__participant__person__user_id=actor.pk)
    if status:
        mine = mine.filter(status=status)
    return mine.distinct().order_by("-created_at", "-id")


def _count(model: type[Any], path: str, **filters: Any) -> Subquery:
    rows = (
        model.objects.filter(**{path: OuterRef("pk")}, **filters)
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)  # type: ignore[return-value]


def with_stats(relationships: QuerySet[Relationship]) -> QuerySet[Relationship]:
    """Annotate what managers may see: last meeting, meetings held, goals done, average pulse.

    One query whatever the number of relationships (correlated subqueries, no joins that
    would multiply rows)."""
    held = Meeting.Status.HELD
    last = (
        Meeting.objects.filter(relationship=OuterRef("pk"), status=held)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    pulse_avg = (
        Pulse.objects.filter(meeting__relationship=OuterRef("pk"))
        .order_by()
        .values("meeting__relationship")
        .annotate(avg=Avg("rating"))
        .values("avg")
    )
    return relationships.annotate(
        last_meeting_at=Subquery(last),
        meetings_held=_count(Meeting, "relationship", status=held),
        goals_total=_count(Goal, "relationship", status__in=["active", "achieved", "draft"]),
        goals_done=_count(Goal, "relationship", status=Goal.Status.ACHIEVED),
        average_pulse=Subquery(pulse_avg),
    )


def list_program_relationships(
    *, actor: Any, program: Program, status: str = ""
) -> QuerySet[Relationship]:
    if not permissions.can_list_program_relationships(actor, program):
        raise PermissionDenied(NOT_A_MANAGER)
    rows = relationships_queryset().filter(program=program)
    if status:
        rows = rows.filter(status=status)
    return with_stats(rows).order_by("health", "id")


def access_program_by_id(*, actor: Any, program_id: int) -> Program:
    program = Program.objects.filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    return program


def _comments() -> QuerySet[Any]:
    from .models import GoalComment

    return GoalComment.objects.select_related("author")


def list_goals(relationship: Relationship) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(relationship=relationship)
        .select_related("author")
        .prefetch_related("milestones", Prefetch("comments", queryset=_comments()))
    )


def list_milestones(goal: Goal) -> QuerySet[Milestone]:
    return Milestone.objects.filter(goal=goal)


def list_meetings(relationship: Relationship, *, status: str = "") -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(relationship=relationship).select_related("scheduled_by")
    return meetings.filter(status=status) if status else meetings


def list_notes(
    *, actor: Any, relationship: Relationship, meeting: Meeting | None = None
) -> QuerySet[Note]:
    """Shared notes, plus the actor's own private ones — never someone else's private notes."""
    if not permissions.is_member(actor, relationship):
        return Note.objects.none()
    notes = Note.objects.filter(relationship=relationship).filter(
        Q(visibility=Note.Visibility.SHARED) | Q(author__user_id=actor.pk)
    )
    if meeting is not None:
        notes = notes.filter(meeting=meeting)
    return notes.select_related("author", "meeting")


def get_my_pulse(*, actor: Any, meeting: Meeting) -> Pulse | None:
    return Pulse.objects.filter(meeting=meeting, person__user_id=actor.pk).first()


def pulse_ids_given_by(actor: Any, meetings: list[Meeting]) -> set[int]:
    return set(
        Pulse.objects.filter(meeting__in=meetings, person__user_id=actor.pk).values_list(
            "meeting_id", flat=True
        )
    )


def list_celebrations(program: Program, *, limit: int = 100) -> QuerySet[Celebration]:
    return Celebration.objects.filter(program=program).select_related("relationship")[:limit]


def list_recent_celebrations_for(actor: Any, *, limit: int = 5) -> QuerySet[Celebration]:
    """Celebrations in the caller's relationships (for a home page)."""
    if not is_authenticated(actor):
        return Celebration.objects.none()
    return Celebration.objects.filter(
        relationship__members__participant__person__user_id=actor.pk
    ).distinct()[:limit]


@dataclass(frozen=True)
class CurriculumWeek:
    week: int
    topic: str
    details: str


def week_number(relationship: Relationship, on: dt.date | None = None) -> int:
    start = (
        relationship.started_on or relationship.program.starts_on or relationship.created_at.date()
    )
    day = on or clock.today()
    return max(1, (day - start).days // 7 + 1)


def curriculum_for_week(
    relationship: Relationship, on: dt.date | None = None
) -> CurriculumWeek | None:
    """The curriculum entry of the relationship's current week (the latest one not after it)."""
    week = week_number(relationship, on)
    best: CurriculumWeek | None = None
    for item in relationship.program.curriculum or []:
        if not isinstance(item, dict):
            continue
        try:
            number = int(item.get("week", 0))
        except (TypeError, ValueError):
            continue
        if number <= week and (best is None or number >= best.week):
            best = CurriculumWeek(number, str(item.get("topic", "")), str(item.get("details", "")))
    return best


def next_meeting(relationship: Relationship) -> Meeting | None:
    return (
        Meeting.objects.filter(
            relationship=relationship,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=clock.now() - dt.timedelta(hours=2),
        )
        .order_by("starts_at")
        .first()
    )


def last_meeting_held(relationship: Relationship) -> Meeting | None:
    return (
        Meeting.objects.filter(relationship=relationship, status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .first()
    )


def fit_concerns(relationship: Relationship) -> int:
    return Pulse.objects.filter(meeting__relationship=relationship, good_fit=False).count()


def stats_for(relationship: Relationship) -> Relationship:
    """One relationship with the manager-visible statistics annotated."""
    return with_stats(Relationship.objects.filter(pk=relationship.pk)).get()


def meetings_held_count(relationship: Relationship) -> int:
    return Meeting.objects.filter(relationship=relationship, status=Meeting.Status.HELD).count()


def average_rating(relationship: Relationship) -> float | None:
    value = Pulse.objects.filter(meeting__relationship=relationship).aggregate(a=Avg("rating"))["a"]
    return float(value) if value is not None else None


def latest_held_at(relationship: Relationship) -> dt.datetime | None:
    return Meeting.objects.filter(  # type: ignore[no-any-return]
        relationship=relationship, status=Meeting.Status.HELD
    ).aggregate(m=Max("starts_at"))["m"]
