"""Writes to programs: design, status workflow, cycles, launch announcements.

Enrolment writes (enrol, decide, withdraw, capacity) live in ``enrolment.py`` and are
re-exported here, so other apps import every programs write from ``services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tandem.core.audit import changed, record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.models import Person

from . import catalog, design, permissions
from .announcements import announce_program
from .eligibility import clean_rules
from .enrolment import (
    decide_participant,
    decide_participants,
    enroll_participant,
    mark_participants_matched,
    return_participants_to_pool,
    set_participant_capacity,
    update_participant,
    withdraw_participant,
)
from .models import EnrollmentQuestion, Program

__all__ = [
    "announce_program",
    "change_program_status",
    "clone_program",
    "create_program",
    "decide_participant",
    "decide_participants",
    "enroll_participant",
    "mark_participants_matched",
    "return_participants_to_pool",
    "set_participant_capacity",
    "update_participant",
    "update_program",
    "withdraw_participant",
]

CREATE_REFUSED = "Only org admins can create programs."
EDIT_REFUSED = "Only org admins and this program's managers can change it."
MANAGERS_REFUSED = "Only org admins can change who manages a program."
UNKNOWN_TEMPLATE = "Unknown program template “{key}”."
UNKNOWN_MANAGERS = "No person with id {ids}."
CLONE_NEEDS_DATES = "A new cycle needs new dates: {fields}."
BAD_QUESTION_CHOICES = "“{text}”: a {kind} question needs at least two choices."
BAD_QUESTION = "Question {n}: {message}"
BAD_CURRICULUM = "Curriculum item {n} needs a week number (1–104) and a topic."
BAD_TEXT_LIST = "“{field}” must be a list of short texts."

DESIGN_FIELDS = catalog.DESIGN_KEYS  # everything a template holds
PROGRAM_FIELDS = DESIGN_FIELDS + design.DATE_FIELDS
TEXT_LISTS = ("values", "objectives", "conversation_starters")


def _text_list(field: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DomainError(BAD_TEXT_LIST.format(field=field), field=field)
    return [v.strip()[:500] for v in value if v.strip()]


def _curriculum(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise DomainError(BAD_CURRICULUM.format(n=1), field="curriculum")
    items = []
    for n, item in enumerate(value, start=1):
        week = item.get("week") if isinstance(item, dict) else None
        topic = str(item.get("topic", "")).strip() if isinstance(item, dict) else ""
        if not isinstance(week, int) or isinstance(week, bool) or not 1 <= week <= 104 or not topic:
            raise DomainError(BAD_CURRICULUM.format(n=n), field="curriculum")
        items.append(
            {
                "week": week,
                "topic": topic[:200],
                "details": str(item.get("details", "")).strip()[:2000],
            }
        )
    return sorted(items, key=lambda i: i["week"])


def _clean_design(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the JSON-shaped parts of a program design; scalar fields go to full_clean."""
    cleaned = dict(data)
    for field in TEXT_LISTS:
        if field in cleaned:
            cleaned[field] = _text_list(field, cleaned[field])
    if "curriculum" in cleaned:
        cleaned["curriculum"] = _curriculum(cleaned["curriculum"])
    if "required_training" in cleaned:
        cleaned["required_training"] = design.clean_required_training(cleaned["required_training"])
    if "eligibility" in cleaned:
        cleaned["eligibility"] = clean_rules(cleaned["eligibility"])
    if "matching_weights" in cleaned:
        cleaned["matching_weights"] = design.clean_weights(cleaned["matching_weights"])
    if "constraints" in cleaned:
        cleaned["constraints"] = design.clean_constraints(cleaned["constraints"])
    return cleaned


def _clean_question(n: int, item: dict[str, Any]) -> dict[str, Any]:
    text = str(item.get("text", "")).strip()
    kind = item.get("kind", EnrollmentQuestion.Kind.TEXT)
    audience = item.get("audience", EnrollmentQuestion.Audience.ALL)
    if not text:
        raise DomainError(
            BAD_QUESTION.format(n=n, message="write the question."), field="questions"
        )
    if kind not in EnrollmentQuestion.Kind.values:
        message = f"kind must be one of {', '.join(EnrollmentQuestion.Kind.values)}."
        raise DomainError(BAD_QUESTION.format(n=n, message=message), field="questions")
    if audience not in EnrollmentQuestion.Audience.values:
        message = f"audience must be one of {', '.join(EnrollmentQuestion.Audience.values)}."
        raise DomainError(BAD_QUESTION.format(n=n, message=message), field="questions")
    choices = [str(c).strip() for c in item.get("choices") or [] if str(c).strip()]
    if kind in ("single", "multiple") and len(set(choices)) < 2:
        raise DomainError(BAD_QUESTION_CHOICES.format(text=text, kind=kind), field="questions")
    return {
        "id": item.get("id"),
        "text": text[:300],
        "kind": kind,
        "choices": list(dict.fromkeys(choices)) if kind in ("single", "multiple") else [],
        "required": bool(item.get("required", False)),
        "audience": audience,
    }


def _save_questions(program: Program, items: list[dict[str, Any]]) -> None:
    """Replace the question list: items with a known id are updated, the rest created."""
    cleaned = [_clean_question(n, item) for n, item in enumerate(items, start=1)]
    existing = {q.pk: q for q in program.questions.all()}
    keep: set[int] = set()
    for position, item in enumerate(cleaned):
        question = existing.get(item.pop("id") or -1) or EnrollmentQuestion(program=program)
        for name, value in item.items():
            setattr(question, name, value)
        question.position = position
        full_clean_or_raise(question, exclude=["program"])
        question.save()
        keep.add(question.pk)
    program.questions.exclude(pk__in=keep).delete()


def _set_managers(program: Program, manager_ids: list[int]) -> None:
    wanted = set(manager_ids)
    found = set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    missing = sorted(wanted - found)
    if missing:
        ids = ", ".join(str(i) for i in missing)
        raise DomainError(UNKNOWN_MANAGERS.format(ids=ids), field="manager_ids")
    program.managers.set(sorted(found))


def _program_snapshot(program: Program) -> dict[str, Any]:
    data = snapshot(program)
    data.pop("updated_at", None)
    data.pop("created_at", None)
    data["manager_ids"] = sorted(program.managers.values_list("pk", flat=True))
    data["questions"] = [
        {
            "text": q.text,
            "kind": q.kind,
            "choices": q.choices,
            "required": q.required,
            "audience": q.audience,
        }
        for q in program.questions.all()
    ]
    return data


def _apply(program: Program, data: dict[str, Any]) -> None:
    cleaned = _clean_design({k: v for k, v in data.items() if k in PROGRAM_FIELDS})
    for name, value in cleaned.items():
        setattr(program, name, value)
    design.check_date_order({f: getattr(program, f) for f in design.DATE_FIELDS})
    full_clean_or_raise(program)


@transaction.atomic
def create_program(*, actor: Any, data: dict[str, Any], template_key: str = "") -> Program:
    """Create a draft program, from a template's design when ``template_key`` is given."""
    if not permissions.can_create_program(actor):
        raise NotAllowed(CREATE_REFUSED)
    base: dict[str, Any] = {}
    questions: list[dict[str, Any]] = []
    if template_key:
        template = catalog.get_template(template_key)
        if template is None:
            raise DomainError(UNKNOWN_TEMPLATE.format(key=template_key), field="template")
        base, questions = dict(template.design), list(template.questions)
    merged = {**base, **{k: v for k, v in data.items() if v is not None}}
    program_type = merged.get("type") or Program.Type.ONE_ON_ONE
    merged.setdefault("matching_weights", design.default_weights(program_type))
    merged.setdefault("constraints", design.default_constraints(program_type))
    program = Program(status=Program.Status.DRAFT, template_key=template_key)
    _apply(program, merged)
    program.save()
    given = data.get("questions")
    _save_questions(program, list(given) if given is not None else questions)
    if data.get("manager_ids"):
        _set_managers(program, data["manager_ids"])
    record_audit(
        actor=actor, action="program.create", target=program, after=_program_snapshot(program)
    )
    return program


@transaction.atomic
def update_program(*, actor: Any, program: Program, data: dict[str, Any]) -> Program:
    """Change a program's design (PATCH semantics); ``status`` goes through the workflow."""
    if not permissions.can_edit_program(actor, program):
        raise NotAllowed(EDIT_REFUSED)
    if "manager_ids" in data and not permissions.can_change_managers(actor, program):
        raise NotAllowed(MANAGERS_REFUSED)
    program = Program.objects.select_for_update().get(pk=program.pk)
    before = _program_snapshot(program)
    _apply(program, data)
    program.save()
    if data.get("questions") is not None:
        _save_questions(program, data["questions"])
    if data.get("manager_ids") is not None:
        _set_managers(program, data["manager_ids"])
    old, new = changed(before, _program_snapshot(program))
    if new:
        record_audit(actor=actor, action="program.update", target=program, before=old, after=new)
    if data.get("status") and data["status"] != program.status:
        program = change_program_status(actor=actor, program=program, status=data["status"])
    return program


@transaction.atomic
def change_program_status(*, actor: Any, program: Program, status: str) -> Program:
    """Move along draft → enrolling → matching → active → closed (409 if illegal)."""
    if not permissions.can_edit_program(actor, program):
        raise NotAllowed(EDIT_REFUSED)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if status not in Program.Status.values:
        raise DomainError(f"Unknown status “{status}”.", field="status")
    design.check_transition(program.status, status)
    if status == Program.Status.ENROLLING and not (
        program.enrollment_opens and program.enrollment_closes
    ):
        raise ConflictError(design.OPENING_NEEDS_DATES, field="status")
    before = program.status
    program.status = status
    program.save(update_fields=["status", "updated_at"])
    record_audit(
        actor=actor,
        action="program.status",
        target=program,
        before={"status": before},
        after={"status": status},
    )
    return program


@transaction.atomic
def clone_program(
    *,
    actor: Any,
    program: Program,
    enrollment_opens: dt.date | None,
    enrollment_closes: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    matching_date: dt.date | None = None,
    name: str = "",
) -> Program:
    """The next cycle: same design, questions and managers; new dates; a draft."""
    if not permissions.can_clone_program(actor, program):
        raise NotAllowed(EDIT_REFUSED)
    dates = {
        "enrollment_opens": enrollment_opens,
        "enrollment_closes": enrollment_closes,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    missing = [name for name, value in dates.items() if value is None]
    if missing:
        raise DomainError(CLONE_NEEDS_DATES.format(fields=", ".join(missing)), field=missing[0])
    clone = Program(
        status=Program.Status.DRAFT,
        template_key=program.template_key,
        previous_cycle=program,
        cycle_number=program.cycle_number + 1,
    )
    for field in DESIGN_FIELDS:
        setattr(clone, field, getattr(program, field))
    if name.strip():
        clone.name = name.strip()
    _apply(clone, {**dates, "matching_date": matching_date})
    clone.save()
    clone.managers.set(list(program.managers.all()))
    for question in program.questions.all():
        question.pk = None
        question.program = clone
        question.save()
    record_audit(
        actor=actor,
        action="program.clone",
        target=clone,
        before={"previous_cycle": program.pk},
        after=_program_snapshot(clone),
    )
    return clone
