"""Training modules and the caller's training — /api/v1/training/…, /api/v1/me/training.

Org admins author modules; every employee reads the published ones and takes them. A
learner's copy of a quiz has no ``correct`` key: the answers are scored on the server.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema
from tandem.core.permissions import is_org_admin

from . import progress as progress_services
from . import selectors
from . import training as training_services
from .models import TrainingModule, TrainingProgress
from .rendering import render_markdown

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Audience = Literal["mentors", "mentees", "everyone"]


class OptionIn(InputSchema):
    text: str = Field(..., max_length=300)
    correct: bool = False


class QuestionIn(InputSchema):
    text: str = Field(..., max_length=500)
    kind: Literal["single", "multiple"] = "single"
    options: list[OptionIn]


class QuizIn(InputSchema):
    pass_mark: int = Field(80, description="0–100 %")
    questions: list[QuestionIn]


class SectionIn(InputSchema):
    title: str = Field(..., max_length=200)
    body_markdown: str = Field(..., max_length=20000)


class ModuleIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=500)
    audience: Audience = "everyone"
    minutes: int = Field(15, ge=1, le=600)
    published: bool = True
    sections: list[SectionIn]
    quiz: QuizIn | None = None


class ModulePatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, max_length=500)
    audience: Audience | None = None
    minutes: int | None = Field(None, ge=1, le=600)
    published: bool | None = None
    sections: list[SectionIn] | None = None
    quiz: QuizIn | None = Field(None, description="null removes the quiz")


class OptionOut(Schema):
    text: str
    correct: bool | None = Field(None, description="Org admins only; never sent to learners.")


class QuestionOut(Schema):
    text: str
    kind: str
    options: list[OptionOut]


class QuizOut(Schema):
    pass_mark: int
    questions: list[QuestionOut]


class SectionOut(Schema):
    title: str
    body_markdown: str
    body_html: str


class ModuleOut(Schema):
    id: int
    title: str
    summary: str
    audience: str
    minutes: int
    published: bool
    sections: list[SectionOut]
    quiz: QuizOut | None


class AttemptIn(InputSchema):
    answers: list[list[int]] = Field(..., description="Option indexes chosen, per question.")


class AttemptOut(Schema):
    passed: bool
    score: int
    pass_mark: int
    correct: list[bool]


class MyTrainingOut(Schema):
    module_id: int
    title: str
    status: Literal["not_started", "in_progress", "completed"]
    sections_done: int
    completed_at: dt.datetime | None
    score: int | None
    required_by: list[int]


def _module_out(module: TrainingModule, request: HttpRequest) -> dict[str, Any]:
    quiz = module.quiz if is_org_admin(request.user) else selectors.learner_quiz(module)
    return {
        "id": module.pk,
        "title": module.title,
        "summary": module.summary,
        "audience": module.audience,
        "minutes": module.minutes,
        "published": module.published,
        "sections": [
            {
                "title": s.title,
                "body_markdown": s.body_markdown,
                "body_html": render_markdown(s.body_markdown),
            }
            for s in module.sections.all()
        ],
        "quiz": quiz or None,
    }


def _data(payload: Schema, *, unset: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=unset)
    if "quiz" in data and data["quiz"] is None:
        data["quiz"] = {}
    return data


@router.get("/training/modules", response={200: list[ModuleOut], **ERRORS}, exclude_none=True)
def list_modules(request: HttpRequest, audience: Audience | None = None) -> list[dict[str, Any]]:
    """Published modules (org admins also see drafts); ``correct`` only for org admins."""
    rows = selectors.list_modules(request.user, audience=audience or "")
    return [_module_out(m, request) for m in rows]


@router.post("/training/modules", response={201: ModuleOut, **ERRORS}, exclude_none=True)
def create_module(request: HttpRequest, payload: ModuleIn) -> Status[dict[str, Any]]:
    module = training_services.create_module(actor=request.user, data=_data(payload, unset=False))
    return Status(201, _module_out(module, request))


@router.get("/training/modules/{module_id}", response={200: ModuleOut, **ERRORS}, exclude_none=True)
def get_module(request: HttpRequest, module_id: int) -> dict[str, Any]:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    return _module_out(module, request)


@router.patch(
    "/training/modules/{module_id}", response={200: ModuleOut, **ERRORS}, exclude_none=True
)
def update_module(request: HttpRequest, module_id: int, payload: ModulePatch) -> dict[str, Any]:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    module = training_services.update_module(
        actor=request.user, module=module, data=_data(payload, unset=True)
    )
    module = selectors.access_module_by_id(actor=request.user, module_id=module.pk)
    return _module_out(module, request)


@router.post("/training/modules/{module_id}/attempts", response={200: AttemptOut, **ERRORS})
def submit_attempt(request: HttpRequest, module_id: int, payload: AttemptIn) -> Any:
    """Score answers on the server; passing completes the module (best score kept)."""
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    return progress_services.submit_quiz(actor=request.user, module=module, answers=payload.answers)


@router.post(
    "/training/modules/{module_id}/sections/{position}/done",
    response={200: MyTrainingOut, **ERRORS},
)
def section_done(request: HttpRequest, module_id: int, position: int) -> dict[str, Any]:
    """Mark section ``position`` (0-based) read."""
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    row = progress_services.mark_section_done(actor=request.user, module=module, position=position)
    return _mine(module, row)


@router.post("/training/modules/{module_id}/complete", response={200: MyTrainingOut, **ERRORS})
def complete_module(request: HttpRequest, module_id: int) -> dict[str, Any]:
    """Complete a module that has no quiz (409 for one with a quiz)."""
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    row = progress_services.complete_module(actor=request.user, module=module)
    return _mine(module, row)


def _mine(
    module: TrainingModule, row: TrainingProgress | None, required: list[int] | None = None
) -> dict[str, Any]:
    return {
        "module_id": module.pk,
        "title": module.title,
        "status": row.status if row else "not_started",
        "sections_done": len(row.sections_done) if row else 0,
        "completed_at": row.completed_at if row else None,
        "score": row.score if row else None,
        "required_by": required or [],
    }


@router.get("/me/training", response={200: list[MyTrainingOut], **ERRORS})
def my_training(request: HttpRequest) -> list[dict[str, Any]]:
    """Every published module with the caller's status and the programs that require it."""
    return [_mine(r.module, r.progress, r.required_by) for r in selectors.my_training(request.user)]
