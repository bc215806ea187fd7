"""The read model of a relationship's home page: who, why, this week, next meeting, goals,
recent notes, celebrations and what to do next. Reads only (a selector)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from tandem.core import clock
from tandem.people.models import Person, Profile
from tandem.people.selectors import get_profile

from . import permissions, selectors
from .celebration_names import Naming, naming_of
from .closure import my_closure_answer
from .models import Celebration, Goal, Meeting, Note, Relationship, RelationshipMember

RECENT_NOTES = 5
RECENT_MEETINGS = 5
# Other apps add a card under "This week": ``panel(view) -> {"template": …, …} | None``
# (the learning app: resources for this week).
HOME_PANELS: list[Callable[[Overview], dict[str, Any] | None]] = []


@dataclass(frozen=True)
class OtherMember:
    member: RelationshipMember
    person: Person
    profile: Profile | None
    local_now: dt.datetime


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    done: bool = False


@dataclass
class Overview:
    relationship: Relationship
    me: RelationshipMember
    others: list[OtherMember]
    week: selectors.CurriculumWeek | None
    next_meeting: Meeting | None
    recent_meetings: list[Meeting]
    goals: list[Goal]
    notes: list[Note]
    celebrations: list[Celebration]
    pulse_missing: list[Meeting]
    steps: list[NextStep] = field(default_factory=list)
    panels: list[dict[str, Any]] = field(default_factory=list)
    naming: Naming | None = None

    @property
    def is_mentee(self) -> bool:
        return self.me.role != RelationshipMember.Role.MENTOR


def _others(relationship: Relationship, me: RelationshipMember) -> list[OtherMember]:
    now = clock.now()
    rows = []
    for member in relationship.members.all():
        if member.pk == me.pk:
            continue
        person = member.participant.person
        local = now.astimezone(zoneinfo.ZoneInfo(person.time_zone))
        rows.append(OtherMember(member, person, get_profile(person), local))
    return rows


def _steps(view: Overview, actor: Any) -> list[NextStep]:
    r = view.relationship
    pk = r.pk
    steps: list[NextStep] = []
    if r.is_closed:
        answered = my_closure_answer(actor=actor, relationship=r) is not None
        steps.append(
            NextStep(
                "Answer the closure survey", reverse("relationships:closure", args=[pk]), answered
            )
        )
        steps.append(
            NextStep(
                "Download your certificate of participation",
                reverse("relationships:certificate", args=[pk]),
            )
        )
        return steps
    agreement = reverse("relationships:agreement", args=[pk])
    steps.append(
        NextStep(
            "Accept the mentoring agreement", agreement, view.me.agreement_accepted_at is not None
        )
    )
    waiting = [o.person.full_name for o in view.others if not o.member.agreement_accepted_at]
    if waiting and view.me.agreement_accepted_at:
        steps.append(NextStep(f"Wait for {', '.join(waiting)} to accept", agreement))
    if view.is_mentee:
        steps.append(
            NextStep(
                "Set a SMART goal", reverse("relationships:goal_new", args=[pk]), bool(view.goals)
            )
        )
        no_milestones = next((g for g in view.goals if not g.milestones.all()), None)
        if no_milestones is not None:
            steps.append(
                NextStep(
                    f"Break “{no_milestones.title}” into milestones",
                    reverse("relationships:goal", args=[no_milestones.pk]),
                )
            )
        finished = next(
            (g for g in view.goals if g.progress == 100 and g.status == Goal.Status.ACTIVE), None
        )
        if finished is not None:
            steps.append(
                NextStep(
                    f"Mark “{finished.title}” as achieved",
                    reverse("relationships:goal", args=[finished.pk]),
                )
            )
    elif view.goals:
        steps.append(
            NextStep(
                "Comment on your mentee's goals",
                reverse("relationships:goal", args=[view.goals[0].pk]),
            )
        )
    steps.append(
        NextStep(
            "Schedule the next meeting",
            reverse("relationships:meeting_new", args=[pk]),
            view.next_meeting is not None,
        )
    )
    steps.extend(
        NextStep(
            f"Give your pulse on the meeting of {m.starts_at:%d %b}",
            reverse("relationships:meeting", args=[m.pk]),
        )
        for m in view.pulse_missing[:2]
    )
    return steps


def build_overview(*, actor: Any, relationship: Relationship) -> Overview:
    me = permissions.membership(actor, relationship)
    assert me is not None, "the view checks membership first"
    meetings = list(
        selectors.list_meetings(relationship)
        .filter(starts_at__lte=clock.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")[:RECENT_MEETINGS]
    )
    given = selectors.pulse_ids_given_by(actor, meetings)
    view = Overview(
        relationship=relationship,
        me=me,
        others=_others(relationship, me),
        week=selectors.curriculum_for_week(relationship),
        next_meeting=selectors.next_meeting(relationship),
        recent_meetings=meetings,
        goals=list(selectors.list_goals(relationship).exclude(status=Goal.Status.DROPPED)),
        notes=list(selectors.list_notes(actor=actor, relationship=relationship)[:RECENT_NOTES]),
        celebrations=list(relationship.celebrations.all()[:5]),
        pulse_missing=[
            m for m in meetings if m.status == Meeting.Status.HELD and m.pk not in given
        ],
    )
    view.steps = _steps(view, actor)
    view.naming = naming_of(actor=actor, relationship=relationship)
    view.panels = [p for p in (panel(view) for panel in HOME_PANELS) if p]
    return view


def home_section(request: Any) -> dict[str, Any] | None:
    """The "Your mentoring" cards of the home page: open relationships and celebrations."""
    mine = list(
        selectors.list_my_relationships(request.user).exclude(
            status__in=[Relationship.Status.COMPLETED, Relationship.Status.ENDED]
        )[:6]
    )
    if not mine:
        return None
    celebrations = list(selectors.list_recent_celebrations_for(request.user, limit=4))
    return {"relationships": mine, "celebrations": celebrations}
