"""Demo step of the surveys app (before engagement, so today's reminders go out).

* the active program's anonymous midpoint survey, answered by most of its participants
  (results visible), but not by the demo mentor and mentee, who find it waiting;
* its named check-in survey after the first meeting, with answers from several pairs;
* an organisation-wide anonymous pulse with four answers: its results stay hidden (the fifth
  answer would show them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.people.models import Person
from tandem.programs.models import Participant, Program

from . import audience, services
from .models import Answer, Completion, Question, Response, Survey

COMMENTS = [
    "More structure for the first sessions would help.",
    "My mentor is great at asking the right questions.",
    "Hard to find time during the quarter close.",
    "A list of topics for each month would help.",
    "I'd love a mid-program meetup with the other pairs.",
    "",
]


def _value(ctx: Any, q: Question, bias: int) -> dict[str, Any]:
    rng = ctx.rng
    if q.kind == Question.Kind.LIKERT:
        return {"number": max(1, min(5, rng.choice([3, 4, 4, 5, 5, 2]) + bias))}
    if q.kind == Question.Kind.NPS:
        return {"number": max(0, min(10, rng.choice([6, 7, 8, 9, 9, 10, 10, 5]) + bias))}
    if q.kind == Question.Kind.CHOICE:
        return {"choices": [rng.choice(q.options)]}
    if q.kind == Question.Kind.MULTI_CHOICE:
        return {"choices": rng.sample(q.options, k=rng.randint(1, 2))}
    return {"text": rng.choice(COMMENTS)}


def _answer(
    ctx: Any, survey: Survey, *, person_id: int, rel: int | None, role: str, on: dt.date
) -> None:
    response = Response.objects.create(
        survey=survey,
        person_id=None if survey.anonymous else person_id,
        relationship_id=None if survey.anonymous else rel,
        role=role,
        submitted_on=on,
    )
    bias = ctx.rng.choice([-1, 0, 0, 1])
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=q, **_value(ctx, q, bias))
            for q in survey.questions.all()
        ]
    )
    Completion.objects.create(
        survey=survey, person_id=person_id, relationship_id=rel, responded_on=on
    )


def _fill(ctx: Any, survey: Survey, keep_waiting: set[int], share: float) -> int:
    count = 0
    for inv in audience.invitations(survey, today=ctx.today):
        if inv.person_id in keep_waiting or ctx.rng.random() > share:
            continue
        on = min(ctx.today, inv.due_on + dt.timedelta(days=ctx.rng.randint(0, 6)))
        _answer(ctx, survey, person_id=inv.person_id, rel=inv.relationship_id, role=inv.role, on=on)
        count += 1
    return count


def build(ctx: Any) -> None:
    program: Program | None = ctx.programs.get("active")
    admin, manager = ctx.logins.get("admin"), ctx.logins.get("manager")
    if program is None or admin is None or manager is None:
        return
    demo_pair = {p.pk for p in (ctx.logins.get("mentor"), ctx.logins.get("mentee")) if p}
    midpoint = services.create_survey(
        actor=manager.user,
        program=program,
        template_key="midpoint",
        trigger=Survey.Trigger.FIXED,
        opens_on=ctx.today - dt.timedelta(days=10),
        closes_on=ctx.today + dt.timedelta(days=14),
        status=Survey.Status.OPEN,
    )
    checkin = services.create_survey(
        actor=manager.user, program=program, template_key="checkin", status=Survey.Status.OPEN
    )
    pulse = services.create_survey(
        actor=admin.user,
        program=None,
        title="Organisation pulse: learning at work",
        anonymous=True,
        opens_on=ctx.today - dt.timedelta(days=1),
        closes_on=ctx.today + dt.timedelta(days=25),
        questions=[
            {"kind": "likert", "text": "I have someone at work who helps me grow."},
            {"kind": "nps", "text": "How likely are you to recommend working here?"},
        ],
        status=Survey.Status.OPEN,
    )
    answered = _fill(ctx, midpoint, demo_pair, 0.8) + _fill(ctx, checkin, demo_pair, 0.7)
    people = list(
        Person.objects.exclude(pk__in=demo_pair).order_by("pk").values_list("pk", flat=True)[:4]
    )
    for pk in people:
        _answer(ctx, pulse, person_id=pk, rel=None, role="", on=ctx.today - dt.timedelta(days=1))
    participants = Participant.objects.filter(program=program).count()
    ctx.say(
        f"  surveys: 3 open, {answered + len(people)} answers ({participants} participants asked)"
    )
