"""The home page's "What to do now" for members of relationships: an agreement to accept,
the next meeting (or planning one), and the goals due soonest."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.core import clock
from tandem.engagement.timefmt import format_time
from tandem.people.models import Person
from tandem.people.selectors import person_of
from tandem.web.home import NextStep

from .models import Goal, Meeting, Relationship, RelationshipMember

MAX_GOALS = 3


def _others(relationship: Relationship, me: Person) -> str:
    names = [
        m.participant.person.full_name
        for m in relationship.members.all()
        if m.participant.person_id != me.pk
    ]
    return " and ".join(names) or "your group"


def member_next_steps(request: Any) -> list[NextStep]:
    me = person_of(request.user)
    if me is None:
        return []
    open_statuses = [Relationship.Status.PENDING, Relationship.Status.ACTIVE]
    mine = list(
        Relationship.objects.filter(members__participant__person=me, status__in=open_statuses)
        .select_related("program")
        .prefetch_related("members__participant__person")
        .distinct()
    )
    if not mine:
        return []
    steps: list[NextStep] = []
    memberships = {
        m.relationship_id: m
        for m in RelationshipMember.objects.filter(relationship__in=mine, participant__person=me)
    }
    now = clock.now()
    upcoming: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(
        relationship__in=mine, status=Meeting.Status.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at"):
        upcoming.setdefault(meeting.relationship_id, meeting)
    for relationship in mine:
        who = _others(relationship, me)
        membership = memberships.get(relationship.pk)
        if relationship.status == Relationship.Status.PENDING:
            if membership and membership.agreement_accepted_at is None:
                steps.append(
                    NextStep(
                        title=f"Accept your mentoring agreement with {who}",
                        detail=f"{relationship.program.name}: the relationship starts when "
                        "everyone has accepted.",
                        url=reverse("relationships:agreement", args=[relationship.pk]),
                        action="Read and accept",
                        urgent=True,
                        order=10,
                    )
                )
            continue
        next_meeting = upcoming.get(relationship.pk)
        if next_meeting is not None:
            steps.append(
                NextStep(
                    title=f"Next meeting with {who}: "
                    f"{format_time(next_meeting.starts_at, me.time_zone, 'weekday')}",
                    detail=next_meeting.agenda.splitlines()[0][:120] if next_meeting.agenda else "",
                    url=reverse("relationships:meeting", args=[next_meeting.pk]),
                    action="Prepare",
                    order=20,
                )
            )
        else:
            steps.append(
                NextStep(
                    title=f"Plan your next meeting with {who}",
                    detail="Nothing is scheduled yet.",
                    url=reverse("relationships:meeting_new", args=[relationship.pk]),
                    action="Schedule",
                    order=30,
                )
            )
    goals = Goal.objects.filter(
        relationship__in=[r for r in mine if r.status == Relationship.Status.ACTIVE],
        status=Goal.Status.ACTIVE,
    ).order_by("due_on", "id")[:MAX_GOALS]
    today = clock.today()
    for goal in goals:
        late = goal.due_on < today
        steps.append(
            NextStep(
                title=f"Goal: {goal.title}",
                detail=f"{goal.progress}% done · "
                + (
                    f"was due {format_time(goal.due_on, None)}"
                    if late
                    else f"due {format_time(goal.due_on, None)}"
                ),
                url=reverse("relationships:goal", args=[goal.pk]),
                action="Update progress",
                urgent=late,
                order=40,
            )
        )
    return steps
