"""A person works through a module: sections read, the quiz scored on the server, completion.

Section progress is kept as section positions. A module with a quiz is completed by passing
it; one without a quiz by ``complete_module``. Completion keeps its first date; the score
kept is the best one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed

from . import permissions
from .models import TrainingModule, TrainingProgress
from .services import require_person

NOT_OPEN = "This module is not published."
NO_SUCH_SECTION = "This module has no section {n}."
HAS_QUIZ = "This module is completed by passing its quiz."
NO_QUIZ = "This module has no quiz."
ANSWER_COUNT = "Answer each of the {n} questions (one list of option numbers per question)."
ANSWER_BAD = "Question {n}: choose among options 0 to {last}."
ANSWER_SINGLE = "Question {n}: choose exactly one option."


@dataclass(frozen=True)
class QuizResult:
    passed: bool
    score: int
    pass_mark: int
    correct: list[bool]


def _progress_for(actor: Any, module: TrainingModule) -> TrainingProgress:
    if not permissions.can_take_module(actor, module):
        raise NotAllowed(NOT_OPEN)
    person = require_person(actor)
    progress, _ = TrainingProgress.objects.select_for_update().get_or_create(
        module=module, person=person
    )
    return progress


@transaction.atomic
def mark_section_done(*, actor: Any, module: TrainingModule, position: int) -> TrainingProgress:
    if not 0 <= position < module.sections.count():
        raise DomainError(NO_SUCH_SECTION.format(n=position + 1), field="position")
    progress = _progress_for(actor, module)
    if position not in progress.sections_done:
        progress.sections_done = sorted([*progress.sections_done, position])
        progress.save(update_fields=["sections_done", "updated_at"])
    return progress


def _check_answers(questions: list[dict[str, Any]], answers: Any) -> list[set[int]]:
    if not isinstance(answers, list) or len(answers) != len(questions):
        raise DomainError(ANSWER_COUNT.format(n=len(questions)), field="answers")
    chosen: list[set[int]] = []
    for n, (question, answer) in enumerate(zip(questions, answers, strict=True), start=1):
        last = len(question["options"]) - 1
        ok = isinstance(answer, list) and all(
            isinstance(i, int) and not isinstance(i, bool) and 0 <= i <= last for i in answer
        )
        if not ok:
            raise DomainError(ANSWER_BAD.format(n=n, last=last), field="answers")
        if question["kind"] == "single" and len(set(answer)) != 1:
            raise DomainError(ANSWER_SINGLE.format(n=n), field="answers")
        chosen.append(set(answer))
    return chosen


def score_quiz(quiz: dict[str, Any], answers: Any) -> QuizResult:
    """A question is right when exactly its correct options are chosen."""
    questions = quiz["questions"]
    chosen = _check_answers(questions, answers)
    correct = [
        picked == {i for i, o in enumerate(q["options"]) if o["correct"]}
        for q, picked in zip(questions, chosen, strict=True)
    ]
    score = round(100 * sum(correct) / len(questions))
    mark = int(quiz.get("pass_mark", 80))
    return QuizResult(passed=score >= mark, score=score, pass_mark=mark, correct=correct)


def _complete(progress: TrainingProgress, module: TrainingModule) -> None:
    progress.sections_done = list(range(module.sections.count()))
    if progress.completed_at is None:
        progress.completed_at = clock.now()


@transaction.atomic
def submit_quiz(*, actor: Any, module: TrainingModule, answers: Any) -> QuizResult:
    if not module.has_quiz:
        raise ConflictError(NO_QUIZ)
    progress = _progress_for(actor, module)
    result = score_quiz(module.quiz, answers)
    progress.attempts += 1
    progress.score = max(progress.score or 0, result.score)
    if result.passed:
        _complete(progress, module)
    progress.save()
    return result


@transaction.atomic
def complete_module(*, actor: Any, module: TrainingModule) -> TrainingProgress:
    if module.has_quiz:
        raise ConflictError(HAS_QUIZ)
    progress = _progress_for(actor, module)
    _complete(progress, module)
    progress.save()
    return progress
