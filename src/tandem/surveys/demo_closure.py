"""Demo step: the completed earlier cycle's closure survey (the builder's ``closure``
template), answered by most members of its closed relationships within a week of the end.

Runs after ``relationships.demo_completed``, whose pairs are written in bulk (so no closing
made the survey yet). Named answers, as the template is; seeded by the demo's seed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tandem.relationships.models import Relationship

from . import audience
from .closure import closure_survey_of
from .models import Answer, Completion, Question, Response

ANSWERED_SHARE = 0.75
ACHIEVED = [
    "A plan for my next role, and the first two steps done.",
    "I presented to the leadership team for the first time.",
    "We rewrote my development goals so they are measurable.",
    "I learned to say no to work that does not fit my priorities.",
    "A clearer picture of how other departments make decisions.",
    "I ran my first project retrospective on my own.",
    "Confidence in giving feedback to more senior colleagues.",
]


def _value(rng: random.Random, question: Question) -> dict[str, Any]:
    if question.kind == Question.Kind.LIKERT:
        return {"number": rng.choice([3, 4, 4, 5, 5, 5, 2])}
    if question.kind == Question.Kind.NPS:
        return {"number": rng.choice([6, 7, 8, 9, 9, 10, 10, 4])}
    if question.kind == Question.Kind.CHOICE:
        return {"choices": [rng.choice(question.options[:1] * 5 + question.options[1:])]}
    if question.kind == Question.Kind.MULTI_CHOICE:
        return {"choices": [rng.choice(question.options)]}
    return {"text": rng.choice(ACHIEVED)}


def build(ctx: Any) -> None:
    program = ctx.programs.get("completed")
    closed = [Relationship.Status.COMPLETED, Relationship.Status.ENDED]
    if program is None or not program.relationships.filter(status__in=closed).exists():
        return
    survey = closure_survey_of(program, create=True)
    if survey is None or survey.responses.exists():
        return
    rng = random.Random(f"{ctx.seed}:closure-answers")
    questions = list(survey.questions.all())
    count = 0
    for inv in audience.invitations(survey, today=ctx.today):
        if rng.random() > ANSWERED_SHARE:
            continue
        on = min(ctx.today, inv.due_on + dt.timedelta(days=rng.randint(0, 6)))
        response = Response.objects.create(
            survey=survey,
            person_id=inv.person_id,
            relationship_id=inv.relationship_id,
            role=inv.role,
            submitted_on=on,
        )
        Answer.objects.bulk_create(
            [Answer(response=response, question=q, **_value(rng, q)) for q in questions]
        )
        Completion.objects.create(
            survey=survey,
            person_id=inv.person_id,
            relationship_id=inv.relationship_id,
            responded_on=on,
        )
        count += 1
    ctx.say(f"  completed cycle's closure survey: {count} answers")
