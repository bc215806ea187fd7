"""Relationships, agreement, goals, milestones, meetings, invites, pulses, notes — /api/v1/.

Ids of mentors and mentees (``mentor_id``, ``mentee_ids``) are **participant** ids, as in
the matchmaking API; ``members`` also gives each person id. Private notes are returned to
their author only; managers and admins get relationship metadata, never contents.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.pagination import PagePagination

from . import goals as goal_services
from . import permissions, selectors, services
from .api_celebrations import router as celebrations_router
from .api_meetings import router as meetings_router
from .models import Goal, Milestone, Relationship

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RelationshipStatus = Literal["pending", "active", "paused", "completed", "ended"]
MeetingFormat = Literal["video", "in_person", "phone"]
MeetingStatus = Literal["scheduled", "held", "cancelled", "no_show"]
GoalStatus = Literal["draft", "active", "achieved", "dropped"]


# --- relationships -------------------------------------------------------------------------


class MemberOut(Schema):
    participant_id: int
    person_id: int
    full_name: str
    role: str
    time_zone: str
    agreement_accepted_at: dt.datetime | None


class MatchReasonOut(Schema):
    criterion: str
    contribution: float = 0
    detail: str = ""


class RelationshipOut(Schema):
    id: int
    program_id: int
    kind: str
    mentor_id: int | None
    mentee_ids: list[int]
    members: list[MemberOut]
    status: str
    started_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    health: int | None
    match_score: float | None
    match_reasons: list[MatchReasonOut]
    last_meeting_at: dt.datetime | None = None
    meetings_held: int = 0
    goals_done: int = 0
    goals_total: int = 0
    average_pulse: float | None = None

    @staticmethod
    def resolve_mentor_id(obj: Relationship) -> int | None:
        return next((m.participant_id for m in obj.members.all() if m.role == "mentor"), None)

    @staticmethod
    def resolve_mentee_ids(obj: Relationship) -> list[int]:
        return [m.participant_id for m in obj.members.all() if m.role != "mentor"]

    @staticmethod
    def resolve_members(obj: Relationship) -> list[dict[str, Any]]:
        return [
            {
                "participant_id": m.participant_id,
                "person_id": m.participant.person_id,
                "full_name": m.participant.person.full_name,
                "role": m.role,
                "time_zone": m.participant.person.time_zone,
                "agreement_accepted_at": m.agreement_accepted_at,
            }
            for m in obj.members.all()
        ]

    @staticmethod
    def resolve_average_pulse(obj: Relationship) -> float | None:
        value = getattr(obj, "average_pulse", None)
        return round(float(value), 2) if value is not None else None


class RelationshipFilter(Schema):
    program_id: Id | None = None
    status: RelationshipStatus | None = None


class RelationshipIn(InputSchema):
    program_id: Id
    kind: Literal["pair", "circle", "peer"] = "pair"
    mentor_id: Id | None = Field(None, description="participant id; none for a peer pair")
    mentee_ids: list[Id] = Field(..., min_length=1, max_length=20, description="participant ids")


class RelationshipPatch(InputSchema):
    status: RelationshipStatus
    reason: str = Field("", max_length=2000)


@router.get("/relationships", response={200: list[RelationshipOut], **ERRORS})
@paginate(PagePagination)
def list_relationships(request: HttpRequest, filters: Query[RelationshipFilter]):  # type: ignore[no-untyped-def]
    """The caller's relationships; with ``program_id``, every relationship of a program the
    caller manages (403 otherwise)."""
    if filters.program_id is None:
        return selectors.with_stats(
            selectors.list_my_relationships(request.user, status=filters.status or "")
        )
    program = selectors.access_program_by_id(actor=request.user, program_id=filters.program_id)
    return selectors.list_program_relationships(
        actor=request.user, program=program, status=filters.status or ""
    )


@router.post("/relationships", response={201: RelationshipOut, **ERRORS})
def create_relationship(request: HttpRequest, payload: RelationshipIn) -> Status[Relationship]:
    """Create a relationship by hand (program managers and org admins)."""
    from tandem.programs.models import Participant

    program = selectors.access_program_by_id(actor=request.user, program_id=payload.program_id)
    if not permissions.can_create_relationship(request.user, program):
        raise PermissionDenied(services.NOT_A_MANAGER)
    wanted = [*([payload.mentor_id] if payload.mentor_id else []), *payload.mentee_ids]
    found = Participant.objects.select_related("person").in_bulk(wanted)
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        from tandem.core.errors import DomainError

        raise DomainError(f"No participant with id {', '.join(missing)}.", field="mentee_ids")
    relationship = services.create_relationship(
        program=program,
        mentor=found[payload.mentor_id] if payload.mentor_id else None,
        mentees=[found[i] for i in payload.mentee_ids],
        kind=payload.kind,
        actor=request.user,
    )
    return Status(201, selectors.stats_for(relationship))


@router.get("/relationships/{relationship_id}", response={200: RelationshipOut, **ERRORS})
def get_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    relationship = selectors.access_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return _with_stats(relationship)


def _with_stats(relationship: Relationship) -> Relationship:
    return selectors.with_stats(selectors.relationships_queryset().filter(pk=relationship.pk)).get()


@router.patch("/relationships/{relationship_id}", response={200: RelationshipOut, **ERRORS})
def patch_relationship(
    request: HttpRequest, relationship_id: int, payload: RelationshipPatch
) -> Relationship:
    """Pause, resume (``active``), end early (``ended`` + reason) or complete."""
    relationship = selectors.access_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    services.change_status(
        relationship=relationship, actor=request.user, status=payload.status, reason=payload.reason
    )
    return _with_stats(relationship)


# --- agreement -----------------------------------------------------------------------------


class AgreementMemberOut(Schema):
    participant_id: int
    person_id: int
    full_name: str
    role: str
    accepted_at: dt.datetime | None
    notes: str


class AgreementOut(Schema):
    relationship_id: int
    text: str
    meeting_cadence_days: int
    status: str
    accepted_by_all: bool
    members: list[AgreementMemberOut]


class AgreementIn(InputSchema):
    notes: str = Field("", max_length=2000, description="your own points, optional")


def _agreement(relationship: Relationship) -> AgreementOut:
    members = list(relationship.members.all())
    return AgreementOut(
        relationship_id=relationship.pk,
        text=relationship.program.agreement_text,
        meeting_cadence_days=relationship.program.meeting_cadence_days,
        status=relationship.status,
        accepted_by_all=all(m.agreement_accepted_at for m in members),
        members=[
            AgreementMemberOut(
                participant_id=m.participant_id,
                person_id=m.participant.person_id,
                full_name=m.participant.person.full_name,
                role=m.role,
                accepted_at=m.agreement_accepted_at,
                notes=m.agreement_notes,
            )
            for m in members
        ],
    )


@router.get("/relationships/{relationship_id}/agreement", response={200: AgreementOut, **ERRORS})
def get_agreement(request: HttpRequest, relationship_id: int) -> AgreementOut:
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return _agreement(relationship)


@router.post("/relationships/{relationship_id}/agreement", response={200: AgreementOut, **ERRORS})
def accept_agreement(
    request: HttpRequest, relationship_id: int, payload: AgreementIn
) -> AgreementOut:
    """Accept the agreement (optionally with your own points). Active once all accepted."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    services.accept_agreement(relationship=relationship, actor=request.user, notes=payload.notes)
    return _agreement(
        selectors.access_relationship_by_id(actor=request.user, relationship_id=relationship_id)
    )


# --- goals and milestones ------------------------------------------------------------------


class MilestoneOut(Schema):
    id: int
    goal_id: int
    title: str
    due_on: dt.date | None
    completed: bool
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_completed(obj: Milestone) -> bool:
        return obj.completed_at is not None


class CommentOut(Schema):
    id: int
    author_id: int
    author_name: str
    body: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author_name(obj: Any) -> str:
        return str(obj.author.full_name)


class GoalOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    title: str
    metric: str
    plan: str
    relevance: str
    due_on: dt.date
    status: str
    progress: int
    progress_set_by_hand: bool
    milestones: list[MilestoneOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_milestones(obj: Goal) -> list[Milestone]:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_comments(obj: Goal) -> list[Any]:
        return list(obj.comments.all())


class GoalIn(InputSchema):
    title: str = Field("", max_length=200)
    metric: str = Field("", max_length=500)
    plan: str = Field("", max_length=4000)
    relevance: str = Field("", max_length=2000)
    due_on: dt.date | None = None
    status: Literal["draft", "active"] = "active"


class GoalPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    metric: str | None = Field(None, max_length=500)
    plan: str | None = Field(None, max_length=4000)
    relevance: str | None = Field(None, max_length=2000)
    due_on: dt.date | None = None
    status: GoalStatus | None = None
    progress: int | None = Field(None, ge=0, le=100, description="null: from milestones")


class MilestoneIn(InputSchema):
    title: str = Field("", max_length=200)
    due_on: dt.date | None = None


class MilestonePatch(InputSchema):
    completed: bool | None = None
    title: str | None = Field(None, max_length=200)
    due_on: dt.date | None = None


class CommentIn(InputSchema):
    body: str = Field(..., max_length=4000)


@router.get("/relationships/{relationship_id}/goals", response={200: list[GoalOut], **ERRORS})
@paginate(PagePagination)
def list_goals(request: HttpRequest, relationship_id: int):  # type: ignore[no-untyped-def]
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return selectors.list_goals(relationship)


@router.post("/relationships/{relationship_id}/goals", response={201: GoalOut, **ERRORS})
def create_goal(request: HttpRequest, relationship_id: int, payload: GoalIn) -> Status[Goal]:
    """Draft a SMART goal (mentee or peer). Each missing part is named in ``errors``."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    goal = goal_services.create_goal(
        relationship=relationship, actor=request.user, **payload.dict()
    )
    return Status(201, selectors.access_goal_by_id(actor=request.user, goal_id=goal.pk))


@router.get("/goals/{goal_id}", response={200: GoalOut, **ERRORS})
def get_goal(request: HttpRequest, goal_id: int) -> Goal:
    return selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)


@router.patch("/goals/{goal_id}", response={200: GoalOut, **ERRORS})
def patch_goal(request: HttpRequest, goal_id: int, payload: GoalPatch) -> Goal:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    goal_services.update_goal(goal=goal, actor=request.user, data=payload.dict(exclude_unset=True))
    return selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)


@router.get("/goals/{goal_id}/milestones", response={200: list[MilestoneOut], **ERRORS})
@paginate(PagePagination)
def list_milestones(request: HttpRequest, goal_id: int):  # type: ignore[no-untyped-def]
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    return selectors.list_milestones(goal)


@router.post("/goals/{goal_id}/milestones", response={201: MilestoneOut, **ERRORS})
def create_milestone(request: HttpRequest, goal_id: int, payload: MilestoneIn) -> Status[Milestone]:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    milestone = goal_services.add_milestone(
        goal=goal, actor=request.user, title=payload.title, due_on=payload.due_on
    )
    return Status(201, milestone)


@router.patch("/milestones/{milestone_id}", response={200: MilestoneOut, **ERRORS})
def patch_milestone(request: HttpRequest, milestone_id: int, payload: MilestonePatch) -> Milestone:
    """``{"completed": true}`` completes it (and celebrates); title and due date edit it."""
    milestone = selectors.access_milestone_by_id(actor=request.user, milestone_id=milestone_id)
    return goal_services.update_milestone(
        milestone=milestone, actor=request.user, **payload.dict(exclude_unset=True)
    )


@router.get("/goals/{goal_id}/comments", response={200: list[CommentOut], **ERRORS})
@paginate(PagePagination)
def list_comments(request: HttpRequest, goal_id: int):  # type: ignore[no-untyped-def]
    return list(selectors.access_goal_by_id(actor=request.user, goal_id=goal_id).comments.all())


@router.post("/goals/{goal_id}/comments", response={201: CommentOut, **ERRORS})
def create_comment(request: HttpRequest, goal_id: int, payload: CommentIn) -> Status[Any]:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    comment = goal_services.add_goal_comment(goal=goal, actor=request.user, body=payload.body)
    return Status(201, comment)


router.add_router("", meetings_router)
router.add_router("", celebrations_router)
