"""Surveys — /api/v1/surveys, /api/v1/me/surveys."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, InputSchema
from tandem.core.pagination import PagePagination
from tandem.programs import selectors as program_selectors

from . import responding, results, selectors, services
from .models import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR, Survey

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Kind = Literal["likert", "nps", "choice", "multi_choice", "text"]
Trigger = Literal["fixed", "after_first_meeting", "midpoint", "closure"]
StatusName = Literal["draft", "open", "closed"]
Role = Literal["mentor", "mentee", "peer", "everyone"]


class QuestionIn(InputSchema):
    kind: Kind
    text: str = Field(..., max_length=300)
    options: list[str] = []
    required: bool = True


class QuestionOut(QuestionIn):
    id: int


class SurveyPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=2000)
    anonymous: bool | None = None
    min_group_size: int | None = Field(None, ge=MIN_GROUP_FLOOR, le=1000)
    audience: list[Role] | None = None
    trigger: Trigger | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    respond_within_days: int | None = Field(None, ge=1, le=365)
    status: StatusName | None = None
    questions: list[QuestionIn] | None = None


class SurveyIn(SurveyPatch):
    program_id: int | None = Field(None, description="null: organisation-wide (org admins)")
    template_key: str = Field(
        "",
        description="checkin, midpoint, closure, pre_self, post_self, mentor_experience",
        max_length=40,
    )


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    program_id: int | None
    template_key: str
    anonymous: bool
    min_group_size: int = DEFAULT_MIN_GROUP
    audience: list[str]
    trigger: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    respond_within_days: int
    status: str
    questions: list[QuestionOut]


class AnswerIn(InputSchema):
    question_id: int
    value: int | str | list[str] | None = None


class ResponseIn(InputSchema):
    answers: list[AnswerIn]
    relationship_id: int | None = Field(
        None, description="for a survey per relationship, when you are in several"
    )


class ResponseOut(Schema):
    survey_id: int
    submitted_on: dt.date
    anonymous: bool


class NpsOut(Schema):
    score: float
    ci_low: float | None
    ci_high: float | None


class QuestionResultOut(Schema):
    id: int
    kind: str
    text: str
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    distribution: dict[str, int]
    nps: NpsOut | None
    texts: list[str]


class GroupOut(Schema):
    group: str
    responses: int | None
    suppressed: bool
    questions: list[QuestionResultOut]


class ResultsOut(Schema):
    responses: int
    response_rate: float | None
    invited: int
    answered: int
    threshold: int
    suppressed: bool
    questions: list[QuestionResultOut]
    groups: list[GroupOut]


class ResultsFilter(Schema):
    by: Literal["", "role"] = ""


class WaitingOut(Schema):
    survey_id: int
    title: str
    program_id: int | None
    anonymous: bool
    relationship_id: int | None
    due_on: dt.date
    until: dt.date | None


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS})
@paginate(PagePagination)
def list_surveys(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Surveys you build (program managers: your programs'; org admins and leaders: all)."""
    return selectors.managed_surveys(request.user)


@router.post("/surveys", response={201: SurveyOut, **ERRORS})
def create_survey(request: HttpRequest, payload: SurveyIn) -> Status[Survey]:
    """A new survey (draft unless ``status`` says open), from ``template_key`` or from
    ``questions``. Program managers for their programs; org admins for any or org-wide."""
    data = payload.dict(exclude_unset=True)
    program_id = data.pop("program_id", None)
    program = (
        program_selectors.access_program_by_id(actor=request.user, program_id=program_id)
        if program_id is not None
        else None
    )
    survey = services.create_survey(actor=request.user, program=program, **data)
    return Status(201, selectors.access_survey_by_id(actor=request.user, survey_id=survey.pk))


@router.get("/surveys/{survey_id}", response={200: SurveyOut, **ERRORS})
def get_survey(request: HttpRequest, survey_id: int) -> Survey:
    """A survey and its questions: for its builders, and for the people it asks."""
    return selectors.access_survey_by_id(actor=request.user, survey_id=survey_id)


@router.patch("/surveys/{survey_id}", response={200: SurveyOut, **ERRORS})
def update_survey(request: HttpRequest, survey_id: int, payload: SurveyPatch) -> Survey:
    """Change settings, open (``status: open``) or close; questions only before any answer."""
    survey = selectors.access_managed_survey_by_id(actor=request.user, survey_id=survey_id)
    services.update_survey(actor=request.user, survey=survey, **payload.dict(exclude_unset=True))
    return selectors.access_survey_by_id(actor=request.user, survey_id=survey_id)


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut, **ERRORS})
def submit_response(
    request: HttpRequest, survey_id: int, payload: ResponseIn
) -> Status[dict[str, Any]]:
    """Answer once (once per relationship for a survey per relationship)."""
    survey = selectors.access_survey_by_id(actor=request.user, survey_id=survey_id)
    data = payload.dict()
    response = responding.submit_response(
        actor=request.user,
        survey=survey,
        answers=data["answers"],
        relationship_id=data["relationship_id"],
    )
    return Status(
        201,
        {
            "survey_id": survey.pk,
            "submitted_on": response.submitted_on,
            "anonymous": survey.anonymous,
        },
    )


@router.get("/surveys/{survey_id}/results", response={200: ResultsOut, **ERRORS})
def get_results(
    request: HttpRequest, survey_id: int, filters: Query[ResultsFilter]
) -> dict[str, Any]:
    """Aggregates (program managers, org admins, leaders); ``suppressed`` and no figures below
    the survey's smallest group. ``?by=role`` adds groups, with the small-group rule."""
    survey = selectors.access_results_by_id(actor=request.user, survey_id=survey_id)
    return results.survey_results(survey, by=filters.by)


@router.get("/me/surveys", response={200: list[WaitingOut], **ERRORS})
def my_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    """Surveys waiting for your answer."""
    return [
        {
            "survey_id": w.survey.pk,
            "title": w.survey.title,
            "program_id": w.survey.program_id,
            "anonymous": w.survey.anonymous,
            "relationship_id": w.relationship_id,
            "due_on": w.due_on,
            "until": w.until,
        }
        for w in selectors.surveys_waiting_for(request.user)
    ]
