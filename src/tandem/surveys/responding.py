"""Answering a survey: once per person (per relationship for relative surveys).

In an anonymous survey the ``Response`` carries no person and no relationship; the separate
``Completion`` records only that the person answered, so reminders stop.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.people.selectors import person_of

from . import audience
from .models import Answer, Completion, Question, Response, Survey

NOT_OPEN = "This survey is not open for answers."
NOT_INVITED = "This survey is not asking you (or no longer): it may have closed for you."
ANSWERED_ONCE = "You have already answered this survey."
UNKNOWN_QUESTION = "This question is not part of the survey."
REQUIRED = "Please answer this question."
LIKERT_RANGE = "Choose a whole number from 1 to 5."
NPS_RANGE = "Choose a whole number from 0 to 10."
NOT_AN_OPTION = "Choose one of the listed options."
TEXT_TOO_LONG = "Keep the answer under 4,000 characters."
TWICE = "This question is answered twice."
RELATIONSHIP_REQUIRED = "Say which relationship you are answering for."


def _number(value: Any, low: int, high: int, message: str, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DomainError(message, field=field)
    try:
        number = int(value)
    except ValueError as exc:
        raise DomainError(message, field=field) from exc
    if not low <= number <= high:
        raise DomainError(message, field=field)
    return number


def _is_blank(value: Any) -> bool:
    return value is None or value in ("", [])


def _answer(question: Question, value: Any, field: str) -> Answer | None:
    if _is_blank(value):
        if question.required:
            raise DomainError(REQUIRED, field=field)
        return None
    kind = question.kind
    if kind == Question.Kind.LIKERT:
        return Answer(question=question, number=_number(value, 1, 5, LIKERT_RANGE, field))
    if kind == Question.Kind.NPS:
        return Answer(question=question, number=_number(value, 0, 10, NPS_RANGE, field))
    if kind == Question.Kind.CHOICE:
        if not isinstance(value, str) or value not in question.options:
            raise DomainError(NOT_AN_OPTION, field=field)
        return Answer(question=question, choices=[value])
    if kind == Question.Kind.MULTI_CHOICE:
        picked = value if isinstance(value, list) else [value]
        if any(not isinstance(v, str) or v not in question.options for v in picked):
            raise DomainError(NOT_AN_OPTION, field=field)
        return Answer(question=question, choices=sorted(set(picked), key=question.options.index))
    text = str(value).strip()
    if len(text) > 4000:
        raise DomainError(TEXT_TOO_LONG, field=field)
    return Answer(question=question, text=text) if text else None


def clean_answers(survey: Survey, answers: list[dict[str, Any]]) -> list[Answer]:
    """Check every answer against its question; field names follow the request body."""
    questions = {q.pk: q for q in survey.questions.all()}
    given: dict[int, tuple[Any, str]] = {}
    for i, item in enumerate(answers):
        qid = item.get("question_id")
        if qid not in questions:
            raise DomainError(UNKNOWN_QUESTION, field=f"answers[{i}].question_id")
        if qid in given:
            raise DomainError(TWICE, field=f"answers[{i}].question_id")
        given[qid] = (item.get("value"), f"answers[{i}].value")
    built = []
    for qid, question in questions.items():
        value, field = given.get(qid, (None, f"answers.question_{qid}"))
        answer = _answer(question, value, field)
        if answer is not None:
            built.append(answer)
    return built


def _invitation(survey: Survey, person_id: int, relationship_id: int | None) -> Any:
    today = clock.today()
    found = audience.invitations(survey, today=today, person_ids=[person_id])
    if relationship_id is not None:
        found = [i for i in found if i.relationship_id == relationship_id]
    elif survey.relative and len({i.relationship_id for i in found}) > 1:
        open_ones = audience.pending(survey, today=today, person_ids=[person_id])
        if len(open_ones) != 1:
            raise DomainError(RELATIONSHIP_REQUIRED, field="relationship_id")
        return open_ones[0]
    return found[0] if found else None


@transaction.atomic
def submit_response(
    *,
    actor: Any,
    survey: Survey,
    answers: list[dict[str, Any]],
    relationship_id: int | None = None,
) -> Response:
    person = person_of(actor)
    if person is None:
        raise NotAllowed(NOT_INVITED)
    if survey.status != Survey.Status.OPEN:
        raise ConflictError(NOT_OPEN, field="survey")
    invitation = _invitation(survey, person.pk, relationship_id)
    if invitation is None:
        raise NotAllowed(NOT_INVITED)
    done = Completion.objects.filter(
        survey=survey, person=person, relationship_id=invitation.relationship_id
    )
    if done.exists():
        raise ConflictError(ANSWERED_ONCE, field="survey")
    today = clock.today()
    if invitation.until is not None and today > invitation.until:
        raise ConflictError(NOT_OPEN, field="survey")
    built = clean_answers(survey, answers)
    response = Response.objects.create(
        survey=survey,
        person=None if survey.anonymous else person,
        relationship_id=None if survey.anonymous else invitation.relationship_id,
        role=invitation.role,
        submitted_on=today,
    )
    for answer in built:
        answer.response = response
    Answer.objects.bulk_create(built)
    try:
        with transaction.atomic():
            Completion.objects.create(
                survey=survey,
                person=person,
                relationship_id=invitation.relationship_id,
                responded_on=today,
            )
    except IntegrityError as exc:  # a second submit racing the first
        raise ConflictError(ANSWERED_ONCE, field="survey") from exc
    return response
