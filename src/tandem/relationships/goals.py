"""Writes to SMART goals, goal comments and milestones; milestone celebrations.

A goal is SMART when each part is there: a **S**pecific title, a **M**easurable metric, an
**A**chievable plan, its **R**elevance, and a **T**ime-bound due date that is not in the past
(nor after the program ends). ``check_smart`` lists every missing part at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import DomainError, FieldError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.selectors import person_of

from . import outbound, permissions
from .common import notify_members, require_open_member
from .health import refresh_health
from .models import Celebration, Goal, GoalComment, Milestone, Relationship

TITLE_MISSING = "Specific: give the goal a title that says exactly what will change."
TITLE_VAGUE = "Specific: “{title}” is too vague — say what, for whom, by how much."
METRIC_MISSING = "Measurable: say how you will know it is done (a number, a deliverable…)."
PLAN_MISSING = "Achievable: describe the plan — the steps and the support you need."
RELEVANCE_MISSING = "Relevant: explain why this goal matters for you and your role."
DUE_MISSING = "Time-bound: set a due date."
DUE_IN_PAST = "Time-bound: the due date {due} is in the past."
DUE_AFTER_PROGRAM = "Time-bound: the due date {due} is after the program ends ({end})."
MENTEE_DRAFTS = "The mentee drafts and edits goals; mentors can comment on them."
COMMENT_EMPTY = "Write something in the comment."
MILESTONE_TITLE_MISSING = "Give the milestone a title."
MILESTONE_DUE_IN_PAST = "The milestone's due date {due} is in the past."
MILESTONE_AFTER_GOAL = "The milestone's due date {due} is after the goal's ({goal_due})."
PROGRESS_RANGE = "Progress is a percentage from 0 to 100."
GOAL_STATUS = "Unknown goal status “{status}”."
MIN_TITLE_LENGTH = 8
GOAL_FIELDS = ("title", "metric", "plan", "relevance", "due_on")


def check_smart(
    *,
    relationship: Relationship,
    title: str,
    metric: str,
    plan: str,
    relevance: str,
    due_on: dt.date | None,
    check_due: bool = True,
) -> list[FieldError]:
    """Every SMART part that is missing or wrong, as field errors (empty when fine)."""
    errors: list[FieldError] = []
    title = title.strip()
    if not title:
        errors.append(FieldError("title", TITLE_MISSING))
    elif len(title) < MIN_TITLE_LENGTH:
        errors.append(FieldError("title", TITLE_VAGUE.format(title=title)))
    if not metric.strip():
        errors.append(FieldError("metric", METRIC_MISSING))
    if not plan.strip():
        errors.append(FieldError("plan", PLAN_MISSING))
    if not relevance.strip():
        errors.append(FieldError("relevance", RELEVANCE_MISSING))
    if due_on is None:
        errors.append(FieldError("due_on", DUE_MISSING))
    elif check_due:
        end = relationship.program.ends_on
        if due_on < clock.today():
            errors.append(FieldError("due_on", DUE_IN_PAST.format(due=due_on.isoformat())))
        elif end is not None and due_on > end:
            message = DUE_AFTER_PROGRAM.format(due=due_on.isoformat(), end=end.isoformat())
            errors.append(FieldError("due_on", message))
    return errors


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise DomainError(errors[0].message, errors=errors)


def goal_url(goal: Goal) -> str:
    return reverse("relationships:goal", args=[goal.pk])


@transaction.atomic
def create_goal(
    *,
    relationship: Relationship,
    actor: Any,
    title: str,
    metric: str,
    plan: str,
    relevance: str,
    due_on: dt.date | None,
    status: str = Goal.Status.ACTIVE,
) -> Goal:
    """The mentee (or a peer) drafts a SMART goal; the mentor is told and can comment."""
    require_open_member(actor, relationship)
    if not permissions.can_draft_goal(actor, relationship):
        raise NotAllowed(MENTEE_DRAFTS)
    if status not in {Goal.Status.DRAFT, Goal.Status.ACTIVE}:
        raise DomainError(GOAL_STATUS.format(status=status), field="status")
    errors = check_smart(
        relationship=relationship,
        title=title,
        metric=metric,
        plan=plan,
        relevance=relevance,
        due_on=due_on,
    )
    _raise(errors)
    assert due_on is not None  # checked above
    goal = Goal(
        relationship=relationship,
        author=person_of(actor),
        title=title.strip(),
        metric=metric.strip(),
        plan=plan.strip(),
        relevance=relevance.strip(),
        due_on=due_on,
        status=status,
    )
    full_clean_or_raise(goal, exclude=["relationship", "author"])
    goal.save()
    refresh_health(relationship)
    notify_members(
        relationship,
        kind="goal.created",
        exclude=actor,
        url=goal_url(goal),
        title=f"{goal.author.full_name} set a goal: {goal.title}",
        body="Have a look and add a comment.",
    )
    return goal


def _apply_progress(goal: Goal, data: dict[str, Any]) -> None:
    if "progress" not in data:
        return
    progress = data["progress"]
    if progress is None:
        goal.progress_set_by_hand = False
        recompute_progress(goal, save=False)
        return
    if not 0 <= int(progress) <= 100:
        raise DomainError(PROGRESS_RANGE, field="progress")
    goal.progress, goal.progress_set_by_hand = int(progress), True


@transaction.atomic
def update_goal(*, goal: Goal, actor: Any, data: dict[str, Any]) -> Goal:
    """Edit fields, status (achieved → progress 100 and a celebration) or progress by hand
    (``progress: null`` goes back to progress from milestones)."""
    require_open_member(actor, goal.relationship)
    if not permissions.can_edit_goal(actor, goal):
        raise NotAllowed(MENTEE_DRAFTS)
    old_due = goal.due_on
    for name in GOAL_FIELDS:
        if name in data and data[name] is not None:
            setattr(goal, name, data[name].strip() if isinstance(data[name], str) else data[name])
    _raise(
        check_smart(
            relationship=goal.relationship,
            **{name: getattr(goal, name) for name in GOAL_FIELDS},
            check_due=goal.due_on != old_due,
        )
    )
    _apply_progress(goal, data)
    status = data.get("status")
    achieved_now = False
    if status and status != goal.status:
        if status not in Goal.Status.values:
            raise DomainError(GOAL_STATUS.format(status=status), field="status")
        achieved_now = status == Goal.Status.ACHIEVED
        goal.status = status
        goal.achieved_at = clock.now() if achieved_now else None
        if achieved_now:
            goal.progress = 100
    full_clean_or_raise(goal, exclude=["relationship", "author"])
    goal.save()
    if achieved_now:
        _celebrate(goal.relationship, Celebration.Kind.GOAL, f"Goal achieved: {goal.title}")
        outbound.goal_completed(goal.pk, goal.relationship)
    refresh_health(goal.relationship)
    return goal


@transaction.atomic
def add_goal_comment(*, goal: Goal, actor: Any, body: str) -> GoalComment:
    require_open_member(actor, goal.relationship)
    if not body.strip():
        raise DomainError(COMMENT_EMPTY, field="body")
    comment = GoalComment(goal=goal, author=person_of(actor), body=body.strip())
    full_clean_or_raise(comment, exclude=["goal", "author"])
    comment.save()
    notify_members(
        goal.relationship,
        kind="goal.comment",
        exclude=actor,
        url=goal_url(goal),
        title=f"{comment.author.full_name} commented on “{goal.title}”",
        body=comment.body,
    )
    return comment


def recompute_progress(goal: Goal, *, save: bool = True) -> int:
    """Progress from milestones (done / total) unless it was set by hand."""
    if goal.progress_set_by_hand:
        return goal.progress
    milestones = list(Milestone.objects.filter(goal=goal).values_list("completed_at", flat=True))
    if milestones:
        goal.progress = round(100 * sum(1 for m in milestones if m) / len(milestones))
    if save:
        Goal.objects.filter(pk=goal.pk).update(progress=goal.progress)
    return goal.progress


def _check_milestone(goal: Goal, title: str, due_on: dt.date | None, check_due: bool) -> None:
    errors = []
    if not title.strip():
        errors.append(FieldError("title", MILESTONE_TITLE_MISSING))
    if due_on is not None and check_due:
        if due_on < clock.today():
            errors.append(FieldError("due_on", MILESTONE_DUE_IN_PAST.format(due=due_on)))
        elif due_on > goal.due_on:
            message = MILESTONE_AFTER_GOAL.format(due=due_on, goal_due=goal.due_on)
            errors.append(FieldError("due_on", message))
    _raise(errors)


@transaction.atomic
def add_milestone(
    *, goal: Goal, actor: Any, title: str, due_on: dt.date | None = None
) -> Milestone:
    require_open_member(actor, goal.relationship)
    if not permissions.can_edit_goal(actor, goal):
        raise NotAllowed(MENTEE_DRAFTS)
    _check_milestone(goal, title, due_on, check_due=True)
    milestone = Milestone(goal=goal, title=title.strip(), due_on=due_on)
    full_clean_or_raise(milestone, exclude=["goal", "completed_by"])
    milestone.save()
    recompute_progress(goal)
    refresh_health(goal.relationship)
    return milestone


@transaction.atomic
def update_milestone(
    *,
    milestone: Milestone,
    actor: Any,
    completed: bool | None = None,
    title: str | None = None,
    due_on: dt.date | None = None,
) -> Milestone:
    """Complete (or reopen) a milestone — any member — or edit it (the goal's owner).

    Completing one celebrates it: both members are told and it joins the program's
    recognition feed."""
    goal = milestone.goal
    require_open_member(actor, goal.relationship)
    if title is not None or due_on is not None:
        if not permissions.can_edit_goal(actor, goal):
            raise NotAllowed(MENTEE_DRAFTS)
        new_title = milestone.title if title is None else title
        _check_milestone(goal, new_title, due_on, check_due=due_on != milestone.due_on)
        milestone.title = new_title.strip()
        milestone.due_on = due_on if due_on is not None else milestone.due_on
    just_done = False
    if completed is not None and completed != milestone.is_done:
        if not permissions.can_complete_milestone(actor, goal):
            raise NotAllowed()
        just_done = completed
        milestone.completed_at = clock.now() if completed else None
        milestone.completed_by = person_of(actor) if completed else None
    full_clean_or_raise(milestone, exclude=["goal", "completed_by"])
    milestone.save()
    recompute_progress(goal)
    if just_done:
        _celebrate_milestone(milestone, actor)
    refresh_health(goal.relationship)
    return milestone


def _celebrate(relationship: Relationship, kind: str, title: str, **extra: Any) -> Celebration:
    celebration = Celebration.objects.create(
        relationship=relationship,
        program=relationship.program,
        kind=kind,
        title=title[:300],
        **extra,
    )
    notify_members(
        relationship,
        kind=f"celebration.{kind}",
        title=f"🎉 {title}"[:200],
        body="Well done! It is on your relationship page and in the program's recognition feed.",
    )
    outbound.celebrated(celebration)
    return celebration


def _celebrate_milestone(milestone: Milestone, actor: Any) -> Celebration:
    """Celebrate once: reopening and completing again does not celebrate twice."""
    existing = Celebration.objects.filter(milestone=milestone).first()
    if existing is not None:
        return existing
    return _celebrate(
        milestone.goal.relationship,
        Celebration.Kind.MILESTONE,
        f"Milestone reached: {milestone.title}",
        milestone=milestone,
    )
