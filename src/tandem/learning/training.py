"""Writing training modules: title, audience, minutes, ordered Markdown sections, a quiz."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core.audit import record_audit
from tandem.core.errors import DomainError, NotAllowed
from tandem.people.selectors import person_of

from . import permissions
from .models import TrainingModule, TrainingSection
from .services import full_clean

AUTHOR_REFUSED = "Only org admins write training modules."
NO_TITLE = "Give the module a title."
NO_SECTIONS = "A module needs at least one section."
SECTION_EMPTY = "Section {n}: write a title and some text."
BAD_PASS_MARK = "The pass mark must be a whole number from 0 to 100."  # noqa: S105 — not a password
QUIZ_NO_QUESTIONS = "A quiz needs at least one question (or leave the quiz out)."
QUESTION_TEXT = "Question {n}: write the question."
QUESTION_KIND = "Question {n}: the kind is “single” or “multiple”."
QUESTION_OPTIONS = "Question {n}: give at least two options, each with text."
QUESTION_NO_CORRECT = "Question {n}: mark at least one option as correct."
QUESTION_ONE_CORRECT = "Question {n}: a single-choice question has exactly one correct option."
MAX_QUESTIONS = 30
MAX_OPTIONS = 8


def _question(n: int, item: Any) -> dict[str, Any]:
    item = item if isinstance(item, dict) else {}
    text = str(item.get("text", "")).strip()
    if not text:
        raise DomainError(QUESTION_TEXT.format(n=n), field="quiz.questions")
    kind = item.get("kind", "single")
    if kind not in ("single", "multiple"):
        raise DomainError(QUESTION_KIND.format(n=n), field="quiz.questions")
    raw = item.get("options")
    options = [
        {"text": str(o.get("text", "")).strip()[:300], "correct": bool(o.get("correct"))}
        for o in (raw if isinstance(raw, list) else [])
        if isinstance(o, dict)
    ]
    if not 2 <= len(options) <= MAX_OPTIONS or not all(o["text"] for o in options):
        raise DomainError(QUESTION_OPTIONS.format(n=n), field="quiz.questions")
    correct = sum(1 for o in options if o["correct"])
    if correct == 0:
        raise DomainError(QUESTION_NO_CORRECT.format(n=n), field="quiz.questions")
    if kind == "single" and correct != 1:
        raise DomainError(QUESTION_ONE_CORRECT.format(n=n), field="quiz.questions")
    return {"text": text[:500], "kind": kind, "options": options}


def clean_quiz(value: Any) -> dict[str, Any]:
    """``{}`` (no quiz) or ``{pass_mark, questions}`` with every rule checked."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise DomainError(QUIZ_NO_QUESTIONS, field="quiz")
    mark = value.get("pass_mark", 80)
    if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= 100:
        raise DomainError(BAD_PASS_MARK, field="quiz.pass_mark")
    questions = value.get("questions") or []
    if not isinstance(questions, list) or not questions:
        raise DomainError(QUIZ_NO_QUESTIONS, field="quiz.questions")
    cleaned = [_question(n, q) for n, q in enumerate(questions[:MAX_QUESTIONS], start=1)]
    return {"pass_mark": mark, "questions": cleaned}


def _sections(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise DomainError(NO_SECTIONS, field="sections")
    sections = []
    for n, item in enumerate(value, start=1):
        item = item if isinstance(item, dict) else {}
        title = str(item.get("title", "")).strip()
        body = str(item.get("body_markdown", "")).strip()
        if not title or not body:
            raise DomainError(SECTION_EMPTY.format(n=n), field="sections")
        sections.append({"title": title[:200], "body_markdown": body[:20000]})
    return sections


def _snapshot(module: TrainingModule) -> dict[str, Any]:
    return {
        "title": module.title,
        "audience": module.audience,
        "minutes": module.minutes,
        "published": module.published,
        "questions": len(module.quiz.get("questions", [])),
        "sections": module.sections.count(),
    }


def _apply(module: TrainingModule, data: dict[str, Any]) -> list[dict[str, str]] | None:
    for field in ("title", "summary", "audience", "minutes", "published"):
        if data.get(field) is not None:
            value = data[field]
            setattr(module, field, value.strip() if isinstance(value, str) else value)
    if not module.title:
        raise DomainError(NO_TITLE, field="title")
    if "quiz" in data:
        module.quiz = clean_quiz(data["quiz"])
    sections = _sections(data["sections"]) if data.get("sections") is not None else None
    full_clean(module, exclude=["created_by"])
    return sections


def _save_sections(module: TrainingModule, sections: list[dict[str, str]]) -> None:
    module.sections.all().delete()
    TrainingSection.objects.bulk_create(
        TrainingSection(module=module, position=i, **s) for i, s in enumerate(sections)
    )


@transaction.atomic
def create_module(*, actor: Any, data: dict[str, Any]) -> TrainingModule:
    if not permissions.can_author_modules(actor):
        raise NotAllowed(AUTHOR_REFUSED)
    if data.get("sections") is None:
        raise DomainError(NO_SECTIONS, field="sections")
    module = TrainingModule(created_by=person_of(actor))
    sections = _apply(module, data)
    module.save()
    _save_sections(module, sections or [])
    record_audit(actor=actor, action="training.create", target=module, after=_snapshot(module))
    return module


@transaction.atomic
def update_module(*, actor: Any, module: TrainingModule, data: dict[str, Any]) -> TrainingModule:
    """PATCH semantics. New sections replace the old ones (section progress is by position)."""
    if not permissions.can_author_modules(actor):
        raise NotAllowed(AUTHOR_REFUSED)
    module = TrainingModule.objects.select_for_update().get(pk=module.pk)
    before = _snapshot(module)
    sections = _apply(module, data)
    module.save()
    if sections is not None:
        _save_sections(module, sections)
    record_audit(
        actor=actor, action="training.update", target=module, before=before, after=_snapshot(module)
    )
    return module
