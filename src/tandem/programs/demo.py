"""Demo step: three programs from the shipped templates, in three states, with applications.

- enrolling: "Cross-functional exchange" — open today, with applications in every status;
  the demo employee is eligible and has not applied (the browser test applies for them).
- matching: "Women in leadership" — enrolment closed, ~40 approved mentees and ~15
  approved mentors with capacity, ready for a match run.
- active: "High-potential executive mentoring" — started weeks ago; the demo mentor and
  the demo mentee are approved participants, with ~20 other nominated mentees and mentors.
- circles: "Leadership circles" — a group program, active for four weeks; the demo leader
  and two senior colleagues each mentor a circle (published by the matchmaking step).
- choice: "Flash mentoring" — active for three weeks in mentee-choice mode; the demo mentee
  and ~18 others are approved mentees, the demo mentor (3 seats) and ~9 seniors approved
  mentors. The matchmaking step adds the requests.

The demo manager manages all four. ``ctx.programs`` gets {"enrolling", "matching", "active",
"choice", "circles"}. The choice program draws from a random generator of its own, so adding it left
everything drawn after it (the runs, the relationships) as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tandem.core import clock
from tandem.engagement.services import notify
from tandem.people.models import Person

from . import services
from .design import roles_for_type
from .eligibility import check_eligibility
from .models import EnrollmentQuestion, Participant, Program, ProgramAnnouncement

TEXT_ANSWERS = {
    "department": ["Product", "Data", "Sales", "Finance", "Customer Success", "Marketing"],
    "default": [
        "I want to understand how decisions are made outside my team.",
        "A colleague recommended it and I am curious.",
        "I have learned a lot from mentors and want to give back.",
        "I am preparing for a move and want an outside view.",
        "To build my network across the company.",
    ],
}


def _dates(today: dt.date, opened_days_ago: int, weeks: int) -> dict[str, dt.date]:
    opens = today - dt.timedelta(days=opened_days_ago)
    return {
        "enrollment_opens": opens,
        "enrollment_closes": opens + dt.timedelta(days=21),
        "matching_date": opens + dt.timedelta(days=25),
        "starts_on": opens + dt.timedelta(days=32),
        "ends_on": opens + dt.timedelta(days=32 + weeks * 7),
    }


def _create(
    ctx: Any, template: str, dates: dict[str, dt.date], status: str, **extra: Any
) -> Program:
    admin, manager = ctx.logins["admin"], ctx.logins["manager"]
    program = services.create_program(
        actor=admin.user,
        data={**dates, "manager_ids": [manager.pk], **extra},
        template_key=template,
    )
    path = ["enrolling", "matching", "active", "closed"]
    for step in path[: path.index(status) + 1]:
        program = services.change_program_status(actor=admin.user, program=program, status=step)
    return program


def _answer(ctx: Any, question: EnrollmentQuestion) -> Any:
    rng = ctx.rng
    if question.kind == "single":
        return rng.choice(question.choices)
    if question.kind == "multiple":
        return rng.sample(question.choices, rng.randint(1, min(3, len(question.choices))))
    if question.kind == "scale":
        return rng.randint(2, 5)
    pool = TEXT_ANSWERS["department" if "department" in question.text else "default"]
    return rng.choice(pool)


def _answers(ctx: Any, program: Program, role: str) -> dict[str, Any]:
    return {
        str(q.pk): _answer(ctx, q)
        for q in program.questions.all()
        if q.audience in ("all", role) and (q.required or ctx.rng.random() < 0.6)
    }


def _candidates(ctx: Any, program: Program, role: str, taken: set[int]) -> list[Person]:
    people = [
        p
        for p in ctx.people
        if p.pk not in taken and check_eligibility(p, program.eligibility, ctx.today, role).eligible
    ]
    ctx.rng.shuffle(people)
    return people


def _apply(
    ctx: Any, program: Program, people: list[Person], role: str, statuses: list[str]
) -> list[Participant]:
    manager, now = ctx.logins["manager"], clock.now()
    rows = []
    for person, status in zip(people, statuses, strict=False):
        decided = status != Participant.Status.APPLIED
        capacity = ctx.rng.choice([1, 2, 2, 3]) if role == "mentor" else 1
        rows.append(
            Participant(
                program=program,
                person=person,
                role=role,
                status=status,
                capacity=capacity,
                answers=_answers(ctx, program, role),
                decided_by=manager if decided else None,
                decided_at=now if decided else None,
                decision_note="Thank you — this cycle is full." if status == "declined" else "",
            )
        )
    return Participant.objects.bulk_create(rows)


def _reserved(ctx: Any) -> set[int]:
    return {p.pk for p in ctx.logins.values()}


def _mix(ctx: Any, n: int, weights: dict[str, int]) -> list[str]:
    statuses: list[str] = ctx.rng.choices(list(weights), weights=list(weights.values()), k=n)
    return statuses


def _enrolling(ctx: Any) -> Program:
    program = _create(ctx, "cross_functional_exchange", _dates(ctx.today, 6, 16), "enrolling")
    taken = _reserved(ctx)
    mix = {"applied": 6, "approved": 3, "waitlisted": 1, "declined": 1}
    for role, count, levels in (("mentee", 24, range(2, 8)), ("mentor", 10, range(4, 11))):
        people = [p for p in _candidates(ctx, program, role, taken) if p.job_level in levels]
        people = people[:count]
        taken |= {p.pk for p in people}
        _apply(ctx, program, people, role, _mix(ctx, len(people), mix))
    _announce(ctx, program)
    return program


def _announce(ctx: Any, program: Program) -> None:
    """An in-app launch announcement (no email from the demo) to the eligible audience."""
    applied = set(program.participants.values_list("person_id", flat=True))
    roles = roles_for_type(program.type)
    audience = [
        p
        for p in ctx.people
        if p.pk not in applied
        and any(check_eligibility(p, program.eligibility, ctx.today, r).eligible for r in roles)
    ]
    title = f"Now enrolling: {program.name}"
    notify(
        recipients=audience,
        kind="program.announcement",
        title=title,
        body=program.purpose,
        url=f"/programs/{program.pk}/enrol/",
        email=False,
    )
    ProgramAnnouncement.objects.create(
        program=program,
        sent_by=ctx.logins["manager"],
        program_status=program.status,
        title=title,
        body=program.purpose,
        recipient_count=len(audience),
    )


def _matching(ctx: Any) -> Program:
    program = _create(ctx, "women_in_leadership", _dates(ctx.today, 26, 26), "matching")
    taken = _reserved(ctx)
    for role, approved, others in (("mentee", 40, 6), ("mentor", 15, 2)):
        people = _candidates(ctx, program, role, taken)[: approved + others]
        taken |= {p.pk for p in people}
        statuses = ["approved"] * approved + _mix(ctx, others, {"waitlisted": 2, "declined": 1})
        _apply(ctx, program, people, role, statuses)
    return program


def _active(ctx: Any) -> Program:
    mentor, mentee = ctx.logins["mentor"], ctx.logins["mentee"]
    dates = _dates(ctx.today, 32 + 7 * 6 + 4, 36)  # started six weeks ago
    program = _create(ctx, "executive_hipo", dates, "active")
    taken = _reserved(ctx)
    nominated = _candidates(ctx, program, "mentee", taken)[:20]
    program.eligibility = {
        **program.eligibility,
        "mentee": {
            **program.eligibility.get("mentee", {}),
            "include": sorted([mentee.pk, *(p.pk for p in nominated)]),
        },
    }
    program.save(update_fields=["eligibility", "updated_at"])
    taken |= {p.pk for p in nominated}
    mentors = _candidates(ctx, program, "mentor", taken)[:12]
    _apply(ctx, program, [mentee, *nominated], "mentee", ["approved"] * (1 + len(nominated)))
    rows = _apply(ctx, program, [mentor, *mentors], "mentor", ["approved"] * (1 + len(mentors)))
    Participant.objects.filter(pk=rows[0].pk).update(capacity=2)
    return program


@contextmanager
def _own_random(ctx: Any, salt: str) -> Iterator[None]:
    """Draw from a generator seeded by (seed, salt) and give ``ctx.rng`` back afterwards."""
    shared = ctx.rng
    ctx.rng = random.Random(f"{ctx.seed}:{salt}")
    try:
        yield
    finally:
        ctx.rng = shared


def _choice(ctx: Any) -> Program:
    """Flash mentoring, three weeks into its eight: mentees pick their mentors themselves."""
    mentor, mentee = ctx.logins["mentor"], ctx.logins["mentee"]
    program = _create(ctx, "flash_mentoring", _dates(ctx.today, 32 + 21, 8), "active")
    taken = _reserved(ctx)
    mentees = [p for p in _candidates(ctx, program, "mentee", taken) if p.job_level in range(1, 7)]
    mentees = mentees[:18]
    taken |= {p.pk for p in mentees}
    mentors = [p for p in _candidates(ctx, program, "mentor", taken) if p.job_level in range(5, 21)]
    mentors = mentors[:9]
    _apply(ctx, program, [mentee, *mentees], "mentee", ["approved"] * (1 + len(mentees)))
    rows = _apply(ctx, program, [mentor, *mentors], "mentor", ["approved"] * (1 + len(mentors)))
    Participant.objects.filter(pk=rows[0].pk).update(capacity=3)
    return program


def _circles(ctx: Any) -> Program:
    """Leadership circles, a group program four weeks in: three senior mentors with circles of
    up to four; the matchmaking step runs and publishes them."""
    program = _create(
        ctx,
        "cross_functional_exchange",
        _dates(ctx.today, 32 + 28, 20),
        "active",
        name="Leadership circles",
        type=Program.Type.GROUP,
        description="Small circles of peers around one senior mentor.",
        eligibility={},
        constraints={"department": "different"},
    )
    taken = _reserved(ctx)
    mentees = [p for p in _candidates(ctx, program, "mentee", taken) if p.job_level in range(2, 7)]
    mentees = mentees[:12]
    taken |= {p.pk for p in mentees}
    mentors = [p for p in _candidates(ctx, program, "mentor", taken) if (p.job_level or 0) >= 7][:3]
    _apply(ctx, program, mentees, "mentee", ["approved"] * len(mentees))
    rows = _apply(ctx, program, mentors, "mentor", ["approved"] * len(mentors))
    Participant.objects.filter(pk__in=[r.pk for r in rows]).update(capacity=4)
    return program


def build(ctx: Any) -> None:
    if not all(k in ctx.logins for k in ("admin", "manager", "mentor", "mentee")):
        ctx.say("  programs: skipped (the demo logins are missing)")
        return
    ctx.programs["enrolling"] = _enrolling(ctx)
    ctx.programs["matching"] = _matching(ctx)
    ctx.programs["active"] = _active(ctx)
    with _own_random(ctx, "choice"):
        ctx.programs["choice"] = _choice(ctx)
    with _own_random(ctx, "circles"):
        ctx.programs["circles"] = _circles(ctx)
    counts = {key: Participant.objects.filter(program=p).count() for key, p in ctx.programs.items()}
    ctx.say(
        "  programs: "
        + ", ".join(
            f"{p.name} ({p.status}, {counts[key]} participants)" for key, p in ctx.programs.items()
        )
    )
