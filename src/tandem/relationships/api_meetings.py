"""Meetings, invites, pulses, notes, closure surveys and the recognition feed — /api/v1/.

Mounted by ``relationships.api``. Private notes are returned to their author only: every
endpoint here that returns notes goes through ``selectors.list_notes`` or
``selectors.access_note_by_id``.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import model_validator

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.errors import DomainError
from tandem.core.pagination import PagePagination

from . import closure, ics, meetings, notes, permissions, recognition, selectors
from .celebration_names import named_members
from .closure_port import ClosureAnswer
from .models import Celebration, Meeting, Note, Pulse, Relationship

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MeetingFormat = Literal["video", "in_person", "phone"]
MeetingStatus = Literal["scheduled", "held", "cancelled", "no_show"]


# --- meetings ------------------------------------------------------------------------------


class LocalTimeOut(Schema):
    person_id: int
    full_name: str
    time_zone: str
    starts_at: dt.datetime


class MeetingOut(Schema):
    id: int
    relationship_id: int
    series_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    duration_minutes: int
    format: str
    location: str
    agenda: str
    status: str
    sequence: int
    local_times: list[LocalTimeOut]
    invite_url: str

    @staticmethod
    def resolve_ends_at(obj: Meeting) -> dt.datetime:
        return obj.starts_at + dt.timedelta(minutes=obj.duration_minutes)

    @staticmethod
    def resolve_local_times(obj: Meeting) -> list[dict[str, Any]]:
        import zoneinfo

        rows = []
        for member in obj.relationship.members.all():
            person = member.participant.person
            zone = zoneinfo.ZoneInfo(person.time_zone)
            rows.append(
                {
                    "person_id": person.pk,
                    "full_name": person.full_name,
                    "time_zone": person.time_zone,
                    "starts_at": obj.starts_at.astimezone(zone),
                }
            )
        return rows

    @staticmethod
    def resolve_invite_url(obj: Meeting) -> str:
        return f"/api/v1/meetings/{obj.pk}/invite.ics"


class MeetingIn(InputSchema):
    starts_at: dt.datetime = Field(
        ..., description="ISO 8601; without an offset it is read in time_zone"
    )
    time_zone: str | None = Field(None, description="IANA zone; default: the caller's")
    duration_minutes: int = Field(45, ge=5, le=480)
    format: MeetingFormat = "video"
    location: str = Field("", max_length=500, description="a room or a call link")
    agenda: str | None = Field(None, max_length=5000, description="empty: from the curriculum")
    repeat_every_days: int | None = Field(None, ge=1, le=365)
    repeat_until: dt.date | None = Field(None, description="default: the program's end")
    status: Literal["scheduled", "held"] = Field(
        "scheduled",
        description="held: log a meeting that already happened (a past starts_at within the "
        "relationship's dates); its pulse opens at once",
    )

    @model_validator(mode="after")
    def _held_is_single(self) -> "MeetingIn":
        if self.status == "held" and (self.repeat_every_days or self.repeat_until):
            # A rule across fields, which the schema cannot state: a 400 like the others.
            raise DomainError(
                "A meeting logged as held does not repeat.", field="repeat_every_days"
            )
        return self


class MeetingPatch(InputSchema):
    starts_at: dt.datetime | None = None
    time_zone: str | None = None
    duration_minutes: int | None = Field(None, ge=5, le=480)
    format: MeetingFormat | None = None
    location: str | None = Field(None, max_length=500)
    agenda: str | None = Field(None, max_length=5000)
    status: MeetingStatus | None = None


def _attach(items: list[Meeting], relationship: Any) -> list[Meeting]:
    for item in items:
        item.relationship = relationship
    return items


@router.get("/relationships/{relationship_id}/meetings", response={200: list[MeetingOut], **ERRORS})
@paginate(PagePagination)
def list_meetings(request: HttpRequest, relationship_id: int, status: MeetingStatus | None = None):  # type: ignore[no-untyped-def]
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return _attach(list(selectors.list_meetings(relationship, status=status or "")), relationship)


@router.post("/relationships/{relationship_id}/meetings", response={201: MeetingOut, **ERRORS})
def create_meeting(request: HttpRequest, relationship_id: int, payload: MeetingIn) -> Status[Any]:
    """Schedule a meeting (or a series every N days to the program's end); the members get
    an ``.ics`` invite by email. Returns the first meeting; ``series_id`` links the rest.
    With ``status: "held"`` and a past ``starts_at``, log a meeting that already happened."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    data = payload.dict()
    if data.pop("status") == "held":
        for name in ("repeat_every_days", "repeat_until"):
            data.pop(name)
        held = meetings.log_held_meeting(relationship=relationship, actor=request.user, **data)
        return Status(201, _attach([held], relationship)[0])
    created = meetings.schedule_meeting(relationship=relationship, actor=request.user, **data)
    return Status(201, _attach(created, relationship)[0])


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def patch_meeting(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> Meeting:
    """Reschedule or edit (SEQUENCE + 1, new invite) or mark held / cancelled / no-show."""
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    return meetings.update_meeting(
        meeting=meeting, actor=request.user, data=payload.dict(exclude_unset=True)
    )


ICS_RESPONSE = {
    "responses": {
        200: {
            "description": "An RFC 5545 invitation (iCalendar).",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    "/meetings/{meeting_id}/invite.ics",
    response={200: None, **ERRORS},
    openapi_extra=ICS_RESPONSE,
)
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's iCalendar invite (METHOD:CANCEL once cancelled)."""
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    return ics.invite_response(meeting)


# --- pulses --------------------------------------------------------------------------------


class PulseIn(InputSchema):
    rating: int = Field(..., ge=1, le=5)
    good_fit: bool = True
    comment: str = Field("", max_length=2000)


class PulseOut(Schema):
    id: int
    meeting_id: int
    rating: int
    good_fit: bool
    comment: str
    created_at: dt.datetime


@router.post("/meetings/{meeting_id}/pulse", response={201: PulseOut, **ERRORS})
def submit_pulse(request: HttpRequest, meeting_id: int, payload: PulseIn) -> Status[Pulse]:
    """Your one-minute pulse on a held meeting (once). The comment is yours only."""
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    return Status(201, meetings.submit_pulse(meeting=meeting, actor=request.user, **payload.dict()))


@router.get("/meetings/{meeting_id}/pulse", response={200: PulseOut, **ERRORS})
def my_pulse(request: HttpRequest, meeting_id: int) -> Pulse:
    """Your own pulse on this meeting (404 until you gave one)."""
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    pulse = selectors.get_my_pulse(actor=request.user, meeting=meeting)
    if pulse is None:
        from django.http import Http404

        raise Http404("No pulse yet.")
    return pulse


# --- notes ---------------------------------------------------------------------------------


class NoteOut(Schema):
    id: int
    relationship_id: int
    meeting_id: int | None
    author_id: int
    author_name: str
    body: str
    visibility: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author_name(obj: Note) -> str:
        return obj.author.full_name


class NoteIn(InputSchema):
    body: str = Field(..., max_length=10000)
    visibility: Literal["shared", "private"] = "shared"
    meeting_id: Id | None = None


@router.get("/relationships/{relationship_id}/notes", response={200: list[NoteOut], **ERRORS})
@paginate(PagePagination)
def list_notes(request: HttpRequest, relationship_id: int, meeting_id: Id | None = None):  # type: ignore[no-untyped-def]
    """Shared notes and the caller's own private notes (never anyone else's)."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    meeting = None
    if meeting_id is not None:
        meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    return selectors.list_notes(actor=request.user, relationship=relationship, meeting=meeting)


@router.post("/relationships/{relationship_id}/notes", response={201: NoteOut, **ERRORS})
def create_note(request: HttpRequest, relationship_id: int, payload: NoteIn) -> Status[Note]:
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    meeting = None
    if payload.meeting_id is not None:
        meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=payload.meeting_id)
    note = notes.add_note(
        relationship=relationship,
        actor=request.user,
        body=payload.body,
        visibility=payload.visibility,
        meeting=meeting,
    )
    return Status(201, note)


@router.get("/notes/{note_id}", response={200: NoteOut, **ERRORS})
def get_note(request: HttpRequest, note_id: int) -> Note:
    return selectors.access_note_by_id(actor=request.user, note_id=note_id)


@router.delete("/notes/{note_id}", response={204: None, **ERRORS})
def delete_note(request: HttpRequest, note_id: int) -> Status[None]:
    note = selectors.access_note_by_id(actor=request.user, note_id=note_id)
    notes.delete_note(note=note, actor=request.user)
    return Status(204, None)


# --- closure survey and recognition ----------------------------------------------------------


class ClosureSurveyIn(InputSchema):
    achieved: str = Field(..., max_length=4000)
    rating: int = Field(..., ge=1, le=5)
    would_recommend: bool
    nps: int | None = Field(
        None, ge=0, le=10, description="Optional: how likely to recommend the program (0-10)."
    )


class ClosureSurveyOut(Schema):
    id: int = Field(description="The has-responded record of this member and relationship.")
    relationship_id: int
    survey_id: int = Field(description="The program's closure survey (a builder survey).")
    anonymous: bool = Field(description="Anonymous answers are linked to nobody: null here.")
    achieved: str | None
    rating: int | None
    would_recommend: bool | None
    nps: int | None
    submitted_on: dt.date
    created_at: dt.datetime = Field(
        description=(
            "Deprecated, kept for earlier clients: the day of submission at 00:00 UTC "
            "(survey answers keep only their date). Read submitted_on."
        )
    )

    @staticmethod
    def resolve_created_at(answer: ClosureAnswer) -> dt.datetime:
        return dt.datetime.combine(answer.submitted_on, dt.time(), tzinfo=dt.UTC)


@router.get(
    "/relationships/{relationship_id}/closure-survey", response={200: ClosureSurveyOut, **ERRORS}
)
def get_closure_survey(request: HttpRequest, relationship_id: int) -> ClosureAnswer:
    """Your own closure-survey answer (404 until you answered)."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    answer = closure.my_closure_answer(actor=request.user, relationship=relationship)
    if answer is None:
        raise Http404("Not answered yet.")
    return answer


@router.post(
    "/relationships/{relationship_id}/closure-survey", response={201: ClosureSurveyOut, **ERRORS}
)
def answer_closure_survey(
    request: HttpRequest, relationship_id: int, payload: ClosureSurveyIn
) -> Status[ClosureAnswer]:
    """Answer the program's closure survey of the builder (once per member, once closed)."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    answer = closure.submit_closure_survey(
        relationship=relationship, actor=request.user, **payload.dict()
    )
    return Status(201, answer)


class CelebrationOut(Schema):
    id: int
    relationship_id: int
    kind: str
    title: str = Field(
        description="The goal's or milestone's title for the pair's members; a neutral "
        "sentence for everyone else."
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_title(obj: Celebration, context: Any) -> str:
        request = context["request"]
        member_of = getattr(request, "_tandem_member_of", None)
        if member_of is None:
            member_of = recognition.member_relationship_ids(request.user, obj.program_id)
            request._tandem_member_of = member_of
        names = getattr(request, "_tandem_celebration_names", None)
        if names is None:
            names = named_members(
                Relationship.objects.filter(program_id=obj.program_id).values_list("pk", flat=True)
            )
            request._tandem_celebration_names = names
        return recognition.shown_title(obj, member_of, names)


@router.get("/programs/{program_id}/celebrations", response={200: list[CelebrationOut], **ERRORS})
@paginate(PagePagination)
def list_celebrations(request: HttpRequest, program_id: int):  # type: ignore[no-untyped-def]
    """The program's recognition feed: milestones reached, goals achieved, completions."""
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_view_recognition(request.user, program):
        raise PermissionDenied("Only the program's participants and managers see its feed.")
    return Celebration.objects.filter(program=program)
