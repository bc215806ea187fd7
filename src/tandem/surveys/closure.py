"""The closure survey is a survey of the builder: each program's ``closure`` survey.

A program gets its closure survey (from the ``closure`` template: named, open, asked "at
closure" of every member role) the first time it needs one — when one of its relationships
closes, or when a member opens the closure page of a relationship that closed before. The
program's closure survey is its oldest *open* survey made from the ``closure`` template; if
its managers closed every one, no new one is made and members are told it is closed.

Relationships do not import this app: ``register`` fills ``relationships.closure_port``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from tandem.core.errors import ConflictError, DomainError
from tandem.people.selectors import person_of
from tandem.programs.models import Program
from tandem.relationships.closure_port import ClosureAnswer
from tandem.relationships.models import Relationship

from . import responding
from .models import Answer, Completion, Response, Survey
from .services import CLOSURE_TEMPLATE, create_program_closure_survey
from .templates import CLOSURE_ACHIEVED, CLOSURE_NPS, CLOSURE_RATING, CLOSURE_RECOMMEND

CLOSED_BY_MANAGERS = "The program's closure survey has been closed by its managers."
MORE_QUESTIONS = (
    "The program's closure survey asks more than these fields carry: answer it as a survey "
    "(/api/v1/surveys/{id}/responses or its page)."
)


def program_closure_surveys(program_id: int) -> QuerySet[Survey]:
    return Survey.objects.filter(
        program_id=program_id, template_key=CLOSURE_TEMPLATE, trigger=Survey.Trigger.CLOSURE
    )


def closure_survey_of(program: Program, *, create: bool) -> Survey | None:
    """The program's open closure survey, made from the template if it never had one."""
    surveys = program_closure_surveys(program.pk)
    found = surveys.filter(status=Survey.Status.OPEN).order_by("pk").first()
    if found is not None or not create:
        return found
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        found = surveys.filter(status=Survey.Status.OPEN).order_by("pk").first()
        if found is not None or surveys.filter(status=Survey.Status.CLOSED).exists():
            return found
        return create_program_closure_survey(program)


def prepare(relationship: Relationship) -> None:
    """A relationship has closed: its program has a closure survey asking its members."""
    closure_survey_of(relationship.program, create=True)


NO_LONGER_ASKED = "The program's closure survey no longer asks this question."


def _legacy_answers(survey: Survey, values: dict[str, tuple[Any, str]]) -> list[dict[str, Any]]:
    """Map the fixed form's fields onto the survey's questions (matched by their text)."""
    questions = {q.text: q for q in survey.questions.all()}
    for text, (_, field) in values.items():
        if text not in questions:
            raise DomainError(NO_LONGER_ASKED, field=field)
    for text, question in questions.items():
        if question.required and text not in values:
            raise DomainError(MORE_QUESTIONS.replace("{id}", str(survey.pk)), field="survey")
    return [
        {"question_id": questions[text].pk, "value": value} for text, (value, _) in values.items()
    ]


@transaction.atomic
def answer(
    *,
    relationship: Relationship,
    actor: Any,
    achieved: str,
    rating: int,
    would_recommend: bool,
    nps: int | None,
) -> ClosureAnswer:
    """The fixed form's fields written as a response to the program's closure survey."""
    survey = closure_survey_of(relationship.program, create=True)
    if survey is None:
        raise ConflictError(CLOSED_BY_MANAGERS, field="survey")
    values: dict[str, tuple[Any, str]] = {
        CLOSURE_ACHIEVED: (achieved, "achieved"),
        CLOSURE_RATING: (rating, "rating"),
        CLOSURE_RECOMMEND: ("Yes" if would_recommend else "No", "would_recommend"),
    }
    if nps is not None:
        values[CLOSURE_NPS] = (nps, "nps")
    answers = _legacy_answers(survey, values)
    responding.submit_response(
        actor=actor, survey=survey, answers=answers, relationship_id=relationship.pk
    )
    found = mine(relationship=relationship, actor=actor)
    assert found is not None  # just written
    return found


def _read(response: Response) -> dict[str, Any]:
    out: dict[str, Any] = {}
    answers = Answer.objects.filter(response=response).select_related("question")
    for a in answers:
        text = a.question.text
        if text == CLOSURE_ACHIEVED:
            out["achieved"] = a.text
        elif text == CLOSURE_RATING:
            out["rating"] = a.number
        elif text == CLOSURE_RECOMMEND and a.choices:
            out["would_recommend"] = a.choices[0] == "Yes"
        elif text == CLOSURE_NPS:
            out["nps"] = a.number
    return out


def mine(*, relationship: Relationship, actor: Any) -> ClosureAnswer | None:
    """The member's answer for this relationship (only that they answered, if anonymous)."""
    person = person_of(actor)
    if person is None:
        return None
    done = (
        Completion.objects.filter(
            survey__in=program_closure_surveys(relationship.program_id),
            person=person,
            relationship=relationship,
        )
        .select_related("survey")
        .order_by("pk")
        .first()
    )
    if done is None:
        return None
    base = ClosureAnswer(
        id=done.pk,
        relationship_id=relationship.pk,
        survey_id=done.survey_id,
        anonymous=done.survey.anonymous,
        submitted_on=done.responded_on,
    )
    if done.survey.anonymous:
        return base
    response = Response.objects.filter(
        survey_id=done.survey_id, person=person, relationship=relationship
    ).first()
    if response is None:
        return base
    return ClosureAnswer(**{**base.__dict__, **_read(response)})


class SurveyClosure:
    """The implementation of ``relationships.closure_port.ClosureSurveys``."""

    prepare = staticmethod(prepare)
    answer = staticmethod(answer)
    mine = staticmethod(mine)

    def page(self, request: HttpRequest, relationship: Relationship) -> HttpResponse:
        from .views_closure import closure_page

        return closure_page(request, relationship)
