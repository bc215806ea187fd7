"""Match runs, proposals, publishing, recommendations and match requests (API.md).

Ids in proposals, unmatched rows, recommendations and requests are participant ids.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.pagination import PagePagination
from tandem.programs.models import Participant

from . import choice, permissions, publishing, review, selectors, services
from .models import MatchRequest, MatchRun, Proposal

router = Router()

BAD_DECLINE_BODY = 'Send {"note": "..."} (at most 500 characters), or no body.'
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class ReasonOut(Schema):
    criterion: str
    contribution: float
    detail: str


class StatsOut(Schema):
    objective: float | None = None
    matched: int | None = None
    unmatched: int | None = None
    seconds: float | None = None
    certified_optimal: bool | None = None
    mean_score: float | None = None
    match_rate: float | None = None
    locked: int | None = None
    rejected: int | None = None
    edited: bool | None = None
    phases: dict[str, float] = {}
    ignored_criteria: list[str] = []


class ProposalOut(Schema):
    id: int
    mentee_id: int
    mentor_id: int
    score: float | None
    reasons: list[ReasonOut]
    locked: bool
    rejected: bool
    manual: bool
    warnings: list[str] = []


class UnmatchedOut(Schema):
    participant_id: int
    reason: str
    code: str


class MatchRunSummaryOut(Schema):
    id: int
    program_id: int
    status: str
    kind: str
    solver: str
    weights: dict[str, float]
    prioritize_coverage: bool
    progress: int
    progress_message: str
    stats: StatsOut
    error: str
    parent_id: int | None
    created_at: dt.datetime
    published_at: dt.datetime | None


class MatchRunOut(MatchRunSummaryOut):
    fairness: dict[str, Any]
    proposals: list[ProposalOut]
    unmatched: list[UnmatchedOut]


class MatchRunIn(InputSchema):
    weights: dict[str, float] | None = None
    solver: Literal["optimal", "stable"] = "optimal"
    prioritize_coverage: bool = True
    parent_id: Id | None = Field(
        None, description="Re-run around this run's locked pairs (what-if / re-run)."
    )


class RerunIn(InputSchema):
    weights: dict[str, float] | None = None
    solver: Literal["optimal", "stable"] | None = None
    prioritize_coverage: bool | None = None


class ProposalPatchIn(InputSchema):
    locked: bool | None = None
    rejected: bool | None = None
    mentor_id: Id | None = Field(None, description="Reassign: the new mentor's participant id.")
    confirm: bool = Field(False, description="Accept the capacity / hard-rule warnings.")


class ProposalAssignIn(InputSchema):
    mentee_id: Id
    mentor_id: Id
    confirm: bool = False


class PublishOut(Schema):
    id: int
    status: str
    published_at: dt.datetime | None
    relationship_ids: list[int]


def _stats(run: MatchRun) -> dict[str, Any]:
    return {k: v for k, v in (run.stats or {}).items() if k in StatsOut.model_fields}


def _summary(run: MatchRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "program_id": run.program_id,
        "status": run.status,
        "kind": run.kind,
        "solver": run.solver,
        "weights": run.weights,
        "prioritize_coverage": run.prioritize_coverage,
        "progress": run.progress,
        "progress_message": run.progress_message,
        "stats": _stats(run),
        "error": run.error,
        "parent_id": run.parent_id,
        "created_at": run.created_at,
        "published_at": run.published_at,
    }


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "mentee_id": p.mentee_id,
        "mentor_id": p.mentor_id,
        "score": p.score,
        "reasons": p.reasons,
        "locked": p.locked,
        "rejected": p.rejected,
        "manual": p.manual,
        "warnings": p.warnings,
    }


def _detail(run: MatchRun) -> dict[str, Any]:
    return {
        **_summary(run),
        "fairness": run.fairness,
        "proposals": [_proposal(p) for p in run.proposals.order_by("id")],
        "unmatched": [
            {"participant_id": u.participant_id, "reason": u.reason, "code": u.code}
            for u in run.unmatched.order_by("id")
        ],
    }


@router.get("/programs/{program_id}/match-runs", response={200: list[MatchRunSummaryOut], **ERRORS})
@paginate(PagePagination)
def list_match_runs(request: HttpRequest, program_id: Id) -> Any:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    return [_summary(r) for r in selectors.list_runs(program)]


@router.post("/programs/{program_id}/match-runs", response={201: MatchRunOut, **ERRORS})
def start_match_run(request: HttpRequest, program_id: Id, payload: MatchRunIn) -> Any:
    """Start a run (executed by the worker; poll ``GET /match-runs/{id}`` for progress)."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.access_run_by_id(actor=request.user, run_id=payload.parent_id)
    run = services.start_match_run(
        program=program,
        actor=request.user,
        weights=payload.weights,
        solver=payload.solver,
        prioritize_coverage=payload.prioritize_coverage,
        parent=parent,
    )
    run.refresh_from_db()
    return Status(201, _detail(run))


@router.get("/match-runs/{run_id}", response={200: MatchRunOut, **ERRORS})
def get_match_run(request: HttpRequest, run_id: Id) -> Any:
    return _detail(selectors.access_run_by_id(actor=request.user, run_id=run_id))


@router.post("/match-runs/{run_id}/rerun", response={201: MatchRunOut, **ERRORS})
def rerun_match_run(request: HttpRequest, run_id: Id, payload: RerunIn) -> Any:
    """Run again around this run's locked pairs, optionally with other weights (what-if)."""
    run = selectors.access_run_by_id(actor=request.user, run_id=run_id)
    new = services.start_match_run(
        program=run.program,
        actor=request.user,
        weights=payload.weights or run.weights,
        solver=payload.solver or run.solver,
        prioritize_coverage=(
            run.prioritize_coverage
            if payload.prioritize_coverage is None
            else payload.prioritize_coverage
        ),
        parent=run,
    )
    new.refresh_from_db()
    return Status(201, _detail(new))


@router.patch("/match-runs/{run_id}/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS})
def patch_proposal(
    request: HttpRequest, run_id: Id, proposal_id: Id, payload: ProposalPatchIn
) -> Any:
    """Lock, unlock, reject, restore, or reassign the mentor (409 lists the warnings unless
    ``confirm`` is true)."""
    run = selectors.access_run_by_id(actor=request.user, run_id=run_id)
    proposal = selectors.access_proposal(run=run, proposal_id=proposal_id)
    mentor = None
    if payload.mentor_id is not None:
        mentor = get_object_or_404(
            Participant.objects.select_related("person"),
            pk=payload.mentor_id,
            program_id=run.program_id,
        )
    change = review.update_proposal(
        proposal=proposal,
        actor=request.user,
        locked=payload.locked,
        rejected=payload.rejected,
        mentor=mentor,
        confirm=payload.confirm,
    )
    return {**_proposal(change.proposal), "warnings": change.warnings}


@router.post("/match-runs/{run_id}/proposals", response={201: ProposalOut, **ERRORS})
def assign_unmatched(request: HttpRequest, run_id: Id, payload: ProposalAssignIn) -> Any:
    """Give an unmatched mentee a mentor by hand."""
    run = selectors.access_run_by_id(actor=request.user, run_id=run_id)
    people = Participant.objects.select_related("person").filter(program_id=run.program_id)
    mentee = get_object_or_404(people, pk=payload.mentee_id)
    mentor = get_object_or_404(people, pk=payload.mentor_id)
    change = review.assign_unmatched(
        run=run, participant=mentee, mentor=mentor, actor=request.user, confirm=payload.confirm
    )
    return Status(201, {**_proposal(change.proposal), "warnings": change.warnings})


@router.post("/match-runs/{run_id}/publish", response={200: PublishOut, **ERRORS})
def publish_match_run(request: HttpRequest, run_id: Id) -> Any:
    """Create the relationships and notify people. Once only (409 the second time)."""
    run = selectors.access_run_by_id(actor=request.user, run_id=run_id)
    relationships = publishing.publish_match_run(run=run, actor=request.user)
    run.refresh_from_db()
    return {
        "id": run.pk,
        "status": run.status,
        "published_at": run.published_at,
        "relationship_ids": [r.pk for r in relationships],
    }


@router.get("/match-runs/{run_id}/compare/{other_id}", response={200: dict[str, Any], **ERRORS})
def compare_match_runs(request: HttpRequest, run_id: Id, other_id: Id) -> Any:
    """What-if: pairs changed, mean score and match-rate change, fairness movement."""
    base = selectors.access_run_by_id(actor=request.user, run_id=run_id)
    other = selectors.access_run_by_id(actor=request.user, run_id=other_id)
    if other.program_id != base.program_id:
        raise NotAllowed(services.OTHER_PROGRAM_RUN)
    return selectors.compare_runs(base, other)


# --- mentee choice -------------------------------------------------------------------------


class RecommendationOut(Schema):
    mentor_id: int
    person_id: int
    full_name: str
    title: str
    department: str
    score: float
    reasons: list[ReasonOut]
    free_capacity: int
    bookmarked: bool


@router.get(
    "/programs/{program_id}/recommendations", response={200: list[RecommendationOut], **ERRORS}
)
@paginate(PagePagination)
def recommendations(request: HttpRequest, program_id: Id) -> Any:
    """For the calling mentee: mentors ranked by score, with reasons and free capacity."""
    program = selectors.access_program_by_id(
        actor=request.user, program_id=program_id, manage=False
    )
    mentee = permissions.mentee_participant(request.user, program)
    if mentee is None:
        raise NotAllowed(choice.NOT_A_MENTEE)
    return [
        {
            "mentor_id": r.mentor.pk,
            "person_id": r.mentor.person_id,
            "full_name": r.mentor.person.full_name,
            "title": r.mentor.person.title,
            "department": r.mentor.person.department,
            "score": r.score,
            "reasons": r.reasons,
            "free_capacity": r.free,
            "bookmarked": r.bookmarked,
        }
        for r in choice.recommend_mentors(program=program, mentee=mentee)
    ]


class BookmarkIn(InputSchema):
    mentor_participant_id: Id


class BookmarkOut(Schema):
    mentor_participant_id: int
    bookmarked: bool


@router.post("/programs/{program_id}/bookmarks", response={200: BookmarkOut, **ERRORS})
def toggle_bookmark(request: HttpRequest, program_id: Id, payload: BookmarkIn) -> Any:
    program = selectors.access_program_by_id(
        actor=request.user, program_id=program_id, manage=False
    )
    mentor = get_object_or_404(Participant, pk=payload.mentor_participant_id, program=program)
    marked = choice.toggle_bookmark(actor=request.user, program=program, mentor=mentor)
    return {"mentor_participant_id": mentor.pk, "bookmarked": marked}


class MatchRequestIn(InputSchema):
    program_id: Id
    mentor_participant_id: Id
    message: str = Field("", max_length=2000)


class MatchRequestOut(Schema):
    id: int
    program_id: int
    mentee_id: int
    mentor_id: int
    message: str
    status: str
    expires_at: dt.datetime
    answered_at: dt.datetime | None
    answer_note: str
    score: float | None
    reasons: list[ReasonOut]
    relationship_id: int | None
    created_at: dt.datetime


class MatchRequestFilters(Schema):
    program_id: Id | None = None
    box: Literal["", "sent", "received"] = ""
    status: Literal["", "pending", "accepted", "declined", "expired", "withdrawn"] = ""


class DeclineIn(InputSchema):
    note: str = Field("", max_length=500)


@router.get("/match-requests", response={200: list[MatchRequestOut], **ERRORS})
@paginate(PagePagination)
def list_match_requests(request: HttpRequest, filters: Query[MatchRequestFilters]) -> Any:
    """Requests the caller sent or received; a program's managers see all of its requests
    with ``?program_id=``."""
    return selectors.list_requests_for(
        request.user, program_id=filters.program_id, box=filters.box, status=filters.status
    )


@router.post("/match-requests", response={201: MatchRequestOut, **ERRORS})
def create_match_request(request: HttpRequest, payload: MatchRequestIn) -> Any:
    program = selectors.access_program_by_id(
        actor=request.user, program_id=payload.program_id, manage=False
    )
    mentor = get_object_or_404(
        Participant.objects.select_related("person"),
        pk=payload.mentor_participant_id,
        program=program,
    )
    created = choice.request_mentor(
        actor=request.user, program=program, mentor=mentor, message=payload.message
    )
    return Status(201, created)


def _answer(request: HttpRequest, request_id: int) -> MatchRequest:
    return selectors.access_request_by_id(actor=request.user, request_id=request_id)


@router.post("/match-requests/{request_id}/accept", response={200: MatchRequestOut, **ERRORS})
def accept_match_request(request: HttpRequest, request_id: Id) -> Any:
    return choice.accept_match_request(actor=request.user, request=_answer(request, request_id))


DECLINE_BODY = {
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": DeclineIn.model_json_schema()}},
    }
}


def _decline_note(request: HttpRequest) -> str:
    """The optional ``{"note": ...}`` body (an empty body is fine)."""
    if request.content_type != "application/json" or not request.body.strip():
        return ""
    try:
        return DeclineIn.model_validate_json(request.body).note
    except ValueError:
        raise DomainError(BAD_DECLINE_BODY, field="note") from None


@router.post(
    "/match-requests/{request_id}/decline",
    response={200: MatchRequestOut, **ERRORS},
    openapi_extra=DECLINE_BODY,
)
def decline_match_request(request: HttpRequest, request_id: Id) -> Any:
    """The mentor declines, optionally with ``{"note": "..."}`` for the mentee."""
    match_request = _answer(request, request_id)
    return choice.decline_match_request(
        actor=request.user, request=match_request, note=_decline_note(request)
    )


@router.post("/match-requests/{request_id}/withdraw", response={200: MatchRequestOut, **ERRORS})
def withdraw_match_request(request: HttpRequest, request_id: Id) -> Any:
    return choice.withdraw_match_request(actor=request.user, request=_answer(request, request_id))


# --- rematch -------------------------------------------------------------------------------


class RematchIn(InputSchema):
    relationship_id: Id
    reason: str = Field(..., min_length=1, max_length=2000)


class RematchOut(Schema):
    relationship_id: int
    status: str
    excluded_pairs: int


@router.post("/rematches", response={200: RematchOut, **ERRORS})
def rematch(request: HttpRequest, payload: RematchIn) -> Any:
    """End a relationship that is not working; both people return to the pool and the pair is
    never proposed again in this program."""
    from tandem.relationships.models import Relationship

    relationship = (
        Relationship.objects.select_related("program")
        .prefetch_related("program__managers")
        .filter(pk=payload.relationship_id)
        .first()
    )
    if relationship is None or not permissions.can_rematch(request.user, relationship.program):
        return Status(404, {"detail": "Not found.", "errors": []})
    ended = publishing.rematch_relationship(
        relationship=relationship, actor=request.user, reason=payload.reason
    )
    excluded = ended.program.excluded_pairs.filter(relationship_id=ended.pk).count()
    return {"relationship_id": ended.pk, "status": ended.status, "excluded_pairs": excluded}
