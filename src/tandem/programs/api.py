"""Programs, templates, participants — /api/v1/programs, /participants, /program-templates."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, InputSchema
from tandem.core.pagination import PagePagination
from tandem.people.models import Person

from . import catalog, permissions, selectors, services
from .models import Participant, Program, ProgramAnnouncement

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ProgramType = Literal[
    "one_on_one",
    "group",
    "peer",
    "reverse",
    "flash",
    "executive",
    "cross_functional",
    "skills_based",
]
ProgramStatus = Literal["draft", "enrolling", "matching", "active", "closed"]
Role = Literal["mentor", "mentee", "peer"]
QuestionKind = Literal["text", "single", "multiple", "scale"]
Audience = Literal["all", "mentor", "mentee"]
Decision = Literal["approved", "waitlisted", "declined"]
ACTIONS = {
    "approve": "approved",
    "waitlist": "waitlisted",
    "decline": "declined",
    "withdraw": "withdrawn",
}


class CurriculumItem(InputSchema):
    week: int
    topic: str
    details: str = ""


class QuestionOut(Schema):
    id: int
    text: str
    kind: str
    choices: list[str]
    required: bool
    audience: str


class QuestionIn(InputSchema):
    id: int | None = Field(None, description="Keep an existing question (and its answers).")
    text: str = Field(..., max_length=300)
    kind: QuestionKind = "text"
    choices: list[str] = []
    required: bool = False
    audience: Audience = "all"


class ProgramOut(Schema):
    id: int
    name: str
    description: str
    purpose: str
    values: list[str]
    objectives: list[str]
    type: str
    format: str
    status: str
    eligibility: dict[str, Any]
    enrollment_opens: dt.date | None
    enrollment_closes: dt.date | None
    matching_date: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    meeting_cadence_days: int
    curriculum: list[CurriculumItem]
    conversation_starters: list[str]
    agreement_text: str
    matching_mode: str
    matching_weights: dict[str, float]
    constraints: dict[str, Any]
    default_mentor_capacity: int
    request_expiry_days: int
    required_training: dict[str, list[int]]
    training_gate: str
    training_min_score: int | None
    manager_ids: list[int]
    questions: list[QuestionOut]
    template_key: str
    cycle_number: int
    previous_cycle_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_manager_ids(obj: Program) -> list[int]:
        return sorted(m.pk for m in obj.managers.all())

    @staticmethod
    def resolve_questions(obj: Program) -> list[Any]:
        return list(obj.questions.all())

    @staticmethod
    def resolve_eligibility(obj: Program, context: Any) -> dict[str, Any]:
        """Named include/exclude lists are for the program's managers only."""
        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        if user is not None and permissions.can_edit_program(user, obj):
            return dict(obj.eligibility)
        return _without_names(obj.eligibility)


def _without_names(rules: dict[str, Any]) -> dict[str, Any]:
    hidden = ("include", "exclude")
    return {
        k: (_without_names(v) if isinstance(v, dict) and k in ("mentor", "mentee", "peer") else v)
        for k, v in rules.items()
        if k not in hidden
    }


class ProgramDesign(InputSchema):
    description: str | None = Field(None, max_length=5000)
    purpose: str | None = Field(None, max_length=5000)
    values: list[str] | None = None
    objectives: list[str] | None = None
    type: ProgramType | None = None
    format: Literal["formal", "informal"] | None = None
    eligibility: dict[str, Any] | None = None
    enrollment_opens: dt.date | None = None
    enrollment_closes: dt.date | None = None
    matching_date: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    meeting_cadence_days: int | None = Field(None, ge=1, le=365)
    curriculum: list[CurriculumItem] | None = None
    conversation_starters: list[str] | None = None
    agreement_text: str | None = Field(None, max_length=10000)
    matching_mode: Literal["admin", "mentee_choice", "hybrid"] | None = None
    matching_weights: dict[str, float] | None = None
    constraints: dict[str, Any] | None = None
    default_mentor_capacity: int | None = Field(None, ge=1, le=50)
    request_expiry_days: int | None = Field(None, ge=1, le=90)
    required_training: dict[str, list[int]] | None = Field(
        None, description="Module ids each role must complete before matching."
    )
    training_gate: Literal["block", "warn"] | None = Field(
        None, description="block: a match run leaves them unmatched; warn: it only warns."
    )
    training_min_score: int | None = Field(
        None, ge=0, le=100, description="Required quizzes passed with at least this %."
    )
    manager_ids: list[int] | None = None
    questions: list[QuestionIn] | None = None


class ProgramIn(ProgramDesign):
    template: str | None = Field(
        None, description="Start from a shipped template (see /program-templates)."
    )
    name: str | None = Field(None, min_length=1, max_length=200)


class ProgramPatch(ProgramDesign):
    name: str | None = Field(None, min_length=1, max_length=200)
    status: ProgramStatus | None = Field(
        None, description="Workflow: draft → enrolling → matching → active → closed."
    )


class ProgramFilter(Schema):
    scope: Literal["mine", "open", "all", ""] = ""
    status: ProgramStatus | Literal[""] = ""
    type: ProgramType | Literal[""] = ""
    q: str = ""


class CloneIn(InputSchema):
    name: str = Field("", max_length=200)
    enrollment_opens: dt.date | None = None
    enrollment_closes: dt.date | None = None
    matching_date: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class TemplateOut(Schema):
    key: str
    name: str
    summary: str
    type: str
    format: str
    purpose: str
    duration_weeks: int


class TemplateDetailOut(TemplateOut):
    design: dict[str, Any]
    questions: list[dict[str, Any]]


class ParticipantOut(Schema):
    id: int
    person_id: int
    program_id: int
    role: str
    status: str
    capacity: int
    answers: dict[str, Any]
    decision_note: str
    full_name: str
    email: str
    department: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_full_name(obj: Participant) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_email(obj: Participant) -> str:
        return obj.person.email

    @staticmethod
    def resolve_department(obj: Participant) -> str:
        return obj.person.department


class ParticipantIn(InputSchema):
    person_id: int | None = Field(None, description="Admins and managers only; default you.")
    role: Role
    answers: dict[str, Any] = Field(default_factory=dict, description="{question_id: answer}")
    capacity: int | None = Field(None, description="Mentors: how many mentees (1–50).")


class ParticipantPatch(InputSchema):
    status: Literal["approved", "waitlisted", "declined", "withdrawn"] | None = None
    action: Literal["approve", "waitlist", "decline", "withdraw"] | None = Field(
        None, description="Alternative to status."
    )
    capacity: int | None = None
    note: str = Field("", max_length=500, description="Reason shown to the applicant.")


class ParticipantFilter(Schema):
    role: Role | Literal[""] = ""
    status: str = ""
    q: str = ""


class DecisionIn(InputSchema):
    participant_ids: list[int] = Field(..., min_length=1, max_length=2000)
    status: Decision
    note: str = Field("", max_length=500)


class DecisionOut(Schema):
    updated: int
    participants: list[ParticipantOut]


class AnnouncementIn(InputSchema):
    message: str = Field("", max_length=4000, description="A personal note above the purpose.")
    resend: bool = Field(False, description="Send again although already announced.")
    story_id: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="Quote a published success story of this program (or an earlier cycle).",
    )


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    recipient_count: int
    program_status: str
    story_id: int | None
    created_at: dt.datetime


class StatsOut(Schema):
    total: int
    mentor_capacity: int
    by_role: dict[str, dict[str, int]]


class ChecklistOut(Schema):
    key: str
    label: str
    done: bool
    hint: str
    url: str


class MyEnrolmentOut(Schema):
    eligible: bool
    reasons: list[str]
    window_open: bool
    window_message: str
    roles: list[str]
    participations: list[ParticipantOut]
    checklist: dict[str, list[ChecklistOut]]


def _template_out(t: catalog.ProgramTemplate) -> dict[str, Any]:
    return {
        "key": t.key,
        "name": t.name,
        "summary": t.summary,
        "type": t.type,
        "format": t.design.get("format", "formal"),
        "purpose": t.design.get("purpose", ""),
        "duration_weeks": t.duration_weeks,
    }


def _design_data(payload: ProgramDesign) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    data.pop("template", None)
    return data


@router.get("/program-templates", response={200: list[TemplateOut], **ERRORS})
def list_program_templates(request: HttpRequest) -> list[dict[str, Any]]:
    """The shipped program designs a new program can start from."""
    return [_template_out(t) for t in catalog.list_templates()]


@router.get("/program-templates/{key}", response={200: TemplateDetailOut, **ERRORS})
def get_program_template(request: HttpRequest, key: str) -> dict[str, Any]:
    template = catalog.get_template(key)
    if template is None:
        raise Http404("No such template.")
    return {**_template_out(template), "design": template.design, "questions": template.questions}


@router.get("/programs", response={200: list[ProgramOut], **ERRORS})
@paginate(PagePagination)
def list_programs(request: HttpRequest, filters: Query[ProgramFilter]):  # type: ignore[no-untyped-def]
    """Programs you may see. ``scope``: mine (you manage or joined), open (enrolling and you
    are eligible), all (org admins and leaders)."""
    return selectors.list_programs(actor=request.user, **filters.dict())


@router.post("/programs", response={201: ProgramOut, **ERRORS})
def create_program(request: HttpRequest, payload: ProgramIn) -> Status[Program]:
    """Create a draft (org admins). Pass ``template`` to start from a shipped design."""
    program = services.create_program(
        actor=request.user, data=_design_data(payload), template_key=payload.template or ""
    )
    return Status(201, selectors.access_program_by_id(actor=request.user, program_id=program.pk))


@router.get("/programs/{program_id}", response={200: ProgramOut, **ERRORS})
def get_program(request: HttpRequest, program_id: int) -> Program:
    return selectors.access_program_by_id(actor=request.user, program_id=program_id)


@router.patch("/programs/{program_id}", response={200: ProgramOut, **ERRORS})
def patch_program(request: HttpRequest, program_id: int, payload: ProgramPatch) -> Program:
    """Edit the design; change ``status`` along the workflow (409 for an illegal move)."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    services.update_program(actor=request.user, program=program, data=_design_data(payload))
    return selectors.access_program_by_id(actor=request.user, program_id=program_id)


@router.post("/programs/{program_id}/clone", response={201: ProgramOut, **ERRORS})
def clone_program(request: HttpRequest, program_id: int, payload: CloneIn) -> Status[Program]:
    """The next cycle: same design and questions, new dates (required), a draft."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    clone = services.clone_program(actor=request.user, program=program, **payload.dict())
    return Status(201, selectors.access_program_by_id(actor=request.user, program_id=clone.pk))


@router.get("/programs/{program_id}/stats", response={200: StatsOut, **ERRORS})
def program_stats(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """Aggregate counts by role and status (managers, admins, leaders). No names."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_view_program_stats(request.user, program):
        raise PermissionDenied("Only managers, org admins and leaders see program figures.")
    stats = selectors.program_stats(program)
    return {
        "total": stats.total,
        "mentor_capacity": stats.mentor_capacity,
        "by_role": stats.by_role,
    }


@router.get("/programs/{program_id}/announcements", response={200: list[AnnouncementOut], **ERRORS})
def list_announcements(request: HttpRequest, program_id: int) -> Any:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_announce_program(request.user, program):
        raise PermissionDenied("Only the program's managers see its announcements.")
    return list(selectors.list_announcements(program))


@router.post("/programs/{program_id}/announcements", response={201: AnnouncementOut, **ERRORS})
def announce_program(
    request: HttpRequest, program_id: int, payload: AnnouncementIn
) -> Status[ProgramAnnouncement]:
    """Tell the eligible audience enrolment is open (in-app + email). Once per opening of
    enrolment; ``resend: true`` sends again."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    announcement = services.announce_program(
        actor=request.user,
        program=program,
        message=payload.message,
        resend=payload.resend,
        story_id=payload.story_id,
    )
    return Status(201, announcement)


@router.get("/programs/{program_id}/participants", response={200: list[ParticipantOut], **ERRORS})
@paginate(PagePagination)
def list_participants(  # type: ignore[no-untyped-def]
    request: HttpRequest, program_id: int, filters: Query[ParticipantFilter]
):
    """Managers and admins: every participant. Anyone else: only their own participations."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    rows = selectors.list_participants(program=program, **filters.dict())
    if permissions.can_manage_participants(request.user, program):
        return rows
    return rows.filter(person_id=permissions.person_id_of(request.user) or -1)


CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "The participants as CSV (UTF-8, one header row).",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    "/programs/{program_id}/participants.csv",
    response={200: None, **ERRORS},
    openapi_extra=CSV_RESPONSE,
)
def export_participants(
    request: HttpRequest, program_id: int, filters: Query[ParticipantFilter]
) -> HttpResponse:
    """The participant table as CSV (managers and admins)."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_manage_participants(request.user, program):
        raise PermissionDenied("Only the program's managers can export its participants.")
    body = selectors.participants_csv(program, role=filters.role, status=filters.status)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="program-{program.pk}-participants.csv"'
    )
    return response


@router.post("/programs/{program_id}/participants", response={201: ParticipantOut, **ERRORS})
def enroll(request: HttpRequest, program_id: int, payload: ParticipantIn) -> Status[Participant]:
    """Apply as mentor, mentee or peer (default: you). ``person_id``: admins and managers."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id).first()
        if person is None:
            raise Http404("No such person.")
    participant = services.enroll_participant(
        actor=request.user,
        program=program,
        person=person,
        role=payload.role,
        answers=payload.answers,
        capacity=payload.capacity,
    )
    return Status(
        201, selectors.access_participant_by_id(actor=request.user, participant_id=participant.pk)
    )


@router.post("/programs/{program_id}/participants/decisions", response={200: DecisionOut, **ERRORS})
def decide(request: HttpRequest, program_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Approve, waitlist or decline many applications at once (all or nothing)."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    before = dict(
        Participant.objects.filter(pk__in=payload.participant_ids).values_list("pk", "status")
    )
    rows = services.decide_participants(
        actor=request.user,
        program=program,
        participant_ids=payload.participant_ids,
        status=payload.status,
        note=payload.note,
    )
    updated = sum(1 for row in rows if before.get(row.pk) != row.status)
    return {"updated": updated, "participants": rows}


@router.get("/programs/{program_id}/my-enrolment", response={200: MyEnrolmentOut, **ERRORS})
def my_enrolment(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """For the caller: eligibility (with reasons), the window, their participations, and
    the profile checklist per role."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    return selectors.my_enrolment(request.user, program)


@router.get("/participants/{participant_id}", response={200: ParticipantOut, **ERRORS})
def get_participant(request: HttpRequest, participant_id: int) -> Participant:
    return selectors.access_participant_by_id(actor=request.user, participant_id=participant_id)


@router.patch("/participants/{participant_id}", response={200: ParticipantOut, **ERRORS})
def patch_participant(
    request: HttpRequest, participant_id: int, payload: ParticipantPatch
) -> Participant:
    """``status`` (or ``action``): approved/approve, waitlisted/waitlist, declined/decline
    (managers); withdrawn/withdraw (the participant or a manager). ``capacity``: mentors."""
    participant = selectors.access_participant_by_id(
        actor=request.user, participant_id=participant_id
    )
    status = payload.status or (ACTIONS[payload.action] if payload.action else None)
    services.update_participant(
        actor=request.user,
        participant=participant,
        status=status,
        capacity=payload.capacity,
        note=payload.note,
    )
    return selectors.access_participant_by_id(actor=request.user, participant_id=participant_id)
