"""Writes to surveys: build from a template, edit, open and close. Answers: ``responding``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import ConflictError, DomainError, NotAllowed, from_validation_error
from tandem.people.selectors import person_of
from tandem.programs.models import Program

from . import permissions
from .audience import EVERYONE, ROLES
from .models import MIN_GROUP_FLOOR, Question, Survey
from .templates import LIKERT_LABELS, TEMPLATES

NOT_ALLOWED = "Only the program's managers and org admins can build its surveys."
ORG_WIDE_ADMINS = "Only org admins can build organisation-wide surveys."
NO_QUESTIONS = "A survey needs at least one question."
UNKNOWN_TEMPLATE = "There is no survey template with this name."
TITLE_REQUIRED = "Give the survey a title."
GROUP_TOO_SMALL = f"The smallest group shown must be at least {MIN_GROUP_FLOOR} people."
AUDIENCE_REQUIRED = "Choose who answers: one or more roles, or everyone."
UNKNOWN_ROLE = "Roles are mentor, mentee, peer or everyone."
EVERYONE_ONLY_FIXED = "An organisation-wide survey runs on fixed dates."
DATES_ORDER = "The closing date must be on or after the opening date."
QUESTION_TEXT = "Each question needs a text."
CHOICE_OPTIONS = "A choice question needs at least two different options."
NO_OPTIONS = "Only choice questions have options."
LIKERT_OPTIONS = "A 1–5 agreement question has exactly five labels."
QUESTIONS_LOCKED = "Questions cannot change once people have answered."
ANONYMITY_LOCKED = "Anonymity cannot change once people have answered."
STATUS_CHANGE = "A survey cannot go back to draft once it has answers."

EDITABLE = [
    "title",
    "description",
    "anonymous",
    "min_group_size",
    "audience",
    "trigger",
    "opens_on",
    "closes_on",
    "respond_within_days",
]


def _full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _clean_questions(questions: list[dict[str, Any]]) -> list[Question]:
    if not questions:
        raise DomainError(NO_QUESTIONS, field="questions")
    built = []
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        kind = q.get("kind", "")
        text = (q.get("text") or "").strip()
        options = [str(o).strip() for o in (q.get("options") or []) if str(o).strip()]
        if kind not in Question.Kind.values:
            raise DomainError(f"Unknown question kind {kind!r}.", field=f"{where}.kind")
        if not text:
            raise DomainError(QUESTION_TEXT, field=f"{where}.text")
        if kind in (Question.Kind.CHOICE, Question.Kind.MULTI_CHOICE):
            if len(set(options)) < 2 or len(set(options)) != len(options):
                raise DomainError(CHOICE_OPTIONS, field=f"{where}.options")
        elif kind == Question.Kind.LIKERT:
            options = options or list(LIKERT_LABELS)
            if len(options) != 5:
                raise DomainError(LIKERT_OPTIONS, field=f"{where}.options")
        elif options:
            raise DomainError(NO_OPTIONS, field=f"{where}.options")
        built.append(
            Question(
                position=i,
                kind=kind,
                text=text[:300],
                options=options,
                required=bool(q.get("required", True)),
            )
        )
    return built


def _check_settings(survey: Survey) -> None:
    if not survey.title.strip():
        raise DomainError(TITLE_REQUIRED, field="title")
    if survey.min_group_size < MIN_GROUP_FLOOR:
        raise DomainError(GROUP_TOO_SMALL, field="min_group_size")
    if not survey.audience:
        raise DomainError(AUDIENCE_REQUIRED, field="audience")
    if any(r not in [*ROLES, EVERYONE] for r in survey.audience):
        raise DomainError(UNKNOWN_ROLE, field="audience")
    if survey.program_id is None and survey.relative:
        raise DomainError(EVERYONE_ONLY_FIXED, field="trigger")
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        raise DomainError(DATES_ORDER, field="closes_on")
    _full_clean(survey, exclude=["program", "created_by", "audience"])


def _replace_questions(survey: Survey, questions: list[Question]) -> None:
    survey.questions.all().delete()
    for q in questions:
        q.survey = survey
    Question.objects.bulk_create(questions)


def _snapshot(survey: Survey) -> dict[str, Any]:
    return {f: getattr(survey, f) for f in [*EDITABLE, "status"]}


@transaction.atomic
def create_survey(
    *,
    actor: Any,
    program: Program | None,
    template_key: str = "",
    questions: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Survey:
    """A new draft survey, from a template (its questions and schedule) or from scratch."""
    if not permissions.can_create_survey(actor, program):
        raise NotAllowed(ORG_WIDE_ADMINS if program is None else NOT_ALLOWED)
    template = TEMPLATES.get(template_key) if template_key else None
    if template_key and template is None:
        raise DomainError(UNKNOWN_TEMPLATE, field="template_key")
    defaults: dict[str, Any] = {"audience": [EVERYONE] if program is None else ["mentor", "mentee"]}
    if template is not None:
        defaults.update(
            title=template.title,
            description=template.description,
            trigger=template.trigger if program is not None else Survey.Trigger.FIXED,
            audience=template.audience if program is not None else [EVERYONE],
            anonymous=template.anonymous,
        )
        if questions is None:
            questions = [dict(q) for q in template.questions]
    values = {**defaults, **{k: v for k, v in fields.items() if v is not None}}
    status = values.pop("status", Survey.Status.DRAFT)
    built = _clean_questions(questions or [])
    survey = Survey(
        program=program,
        template_key=template_key,
        created_by=person_of(actor),
        **{k: v for k, v in values.items() if k in EDITABLE},
    )
    _check_settings(survey)
    survey.save()
    _replace_questions(survey, built)
    if status != Survey.Status.DRAFT:
        _set_status(survey, status)
    record_audit(actor=actor, action="survey.create", target=survey, after=_snapshot(survey))
    return survey


def _set_status(survey: Survey, status: str) -> None:
    if status not in Survey.Status.values:
        raise DomainError(f"Unknown status {status!r}.", field="status")
    if status == Survey.Status.DRAFT and survey.responses.exists():
        raise ConflictError(STATUS_CHANGE, field="status")
    if status == Survey.Status.OPEN and not survey.questions.exists():
        raise DomainError(NO_QUESTIONS, field="questions")
    survey.status = status
    if status == Survey.Status.OPEN and survey.opens_on is None and not survey.relative:
        survey.opens_on = clock.today()
    survey.save(update_fields=["status", "opens_on", "updated_at"])


@transaction.atomic
def update_survey(
    *, actor: Any, survey: Survey, questions: list[dict[str, Any]] | None = None, **changes: Any
) -> Survey:
    """Change settings, replace the questions (until the first answer), open or close."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(NOT_ALLOWED)
    before = _snapshot(survey)
    answered = survey.responses.exists() or survey.completions.exists()
    if "anonymous" in changes and changes["anonymous"] != survey.anonymous and answered:
        raise ConflictError(ANONYMITY_LOCKED, field="anonymous")
    for name in EDITABLE:
        if name in changes:
            setattr(survey, name, changes[name])
    _check_settings(survey)
    survey.save()
    if questions is not None:
        if answered:
            raise ConflictError(QUESTIONS_LOCKED, field="questions")
        _replace_questions(survey, _clean_questions(questions))
    if changes.get("status") and changes["status"] != survey.status:
        _set_status(survey, changes["status"])
    record_audit(
        actor=actor, action="survey.update", target=survey, before=before, after=_snapshot(survey)
    )
    return survey


def questions_as_dicts(survey: Survey) -> list[dict[str, Any]]:
    return [
        {"kind": q.kind, "text": q.text, "options": q.options, "required": q.required}
        for q in survey.questions.all()
    ]


CLOSURE_TEMPLATE = "closure"


@transaction.atomic
def create_program_closure_survey(program: Program) -> Survey:
    """The program's closure survey from the ``closure`` template, open, made by the system
    the first time one of its relationships closes (no actor: nobody asked for it)."""
    template = TEMPLATES[CLOSURE_TEMPLATE]
    survey = Survey(
        program=program,
        title=template.title,
        description=template.description,
        template_key=template.key,
        trigger=template.trigger,
        audience=list(template.audience),
        anonymous=template.anonymous,
        status=Survey.Status.OPEN,
    )
    _check_settings(survey)
    survey.save()
    _replace_questions(survey, _clean_questions([dict(q) for q in template.questions]))
    record_audit(actor=None, action="survey.create", target=survey, after=_snapshot(survey))
    return survey
