"""Demo step: the demo mentor and mentee in an active relationship with an agreement, goals,
milestones (one reached and celebrated), past meetings with pulses, future meetings, shared
notes and a private note each — plus other relationships of the active program whose health
varies from thriving to at risk. Everything goes through the services, then the history is
moved into the past (started weeks ago, meetings held on past dates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from tandem.core import clock
from tandem.core.errors import DomainError
from tandem.people.models import Person
from tandem.programs.models import Participant, Program

from . import goals, meetings, notes, services
from .health import refresh_health
from .models import Goal, Meeting, Note, Pulse, Relationship, RelationshipMember
from .selectors import relationships_queryset

WEEKS_AGO = 6
OTHER_PAIRS = 10
FALLBACK_CURRICULUM = [
    {"week": 1, "topic": "Getting to know each other", "details": "Share your career stories."},
    {"week": 3, "topic": "Strengths and blind spots", "details": "Use a recent project."},
    {"week": 5, "topic": "Giving and receiving feedback", "details": "Practise the SBI model."},
    {"week": 8, "topic": "Building your network", "details": "Map who you know and need."},
    {"week": 11, "topic": "Looking back, looking ahead", "details": "What next after the program?"},
]
FALLBACK_STARTERS = [
    "What is a decision you are proud of this year?",
    "Who has shaped your career, and how?",
    "What would you do if you were not afraid?",
    "Which part of your work gives you energy?",
]
DEMO_GOALS: list[dict[str, Any]] = [
    {
        "title": "Lead the quarterly planning workshop for my team",
        "metric": "Workshop held with 10+ people and a published plan; feedback ≥ 4/5",
        "plan": "Shadow a workshop, draft the agenda with my mentor, rehearse twice",
        "relevance": "Facilitation is the key skill for the team-lead role I want next year",
        "milestones": ["Shadow a planning session", "Draft the agenda", "Run the workshop"],
    },
    {
        "title": "Present our product metrics at the all-hands",
        "metric": "One 10-minute talk delivered; 3 colleagues give written feedback",
        "plan": "Outline the story, build slides, rehearse with my mentor",
        "relevance": "Visibility beyond my team helps my promotion case",
        "milestones": ["Outline the story", "Rehearse with my mentor"],
    },
]
SHARED_NOTES = [
    "Agreed: meet every two weeks on Tuesday mornings; cameras on.",
    "Talked through the planning workshop. Next: draft the agenda before we meet again.",
    "Good session on feedback — try the SBI model in the next one-to-one.",
]


STILL_PENDING = 2


def build(ctx: Any) -> None:
    program = ctx.programs.get("active") or _fallback_program(ctx)
    mentor_person, mentee_person = ctx.logins.get("mentor"), ctx.logins.get("mentee")
    if mentor_person is None or mentee_person is None:
        ctx.say("  relationships: skipped (no demo mentor/mentee logins)")
        return
    manager = program.managers.first() or ctx.logins.get("manager")
    if manager is not None and not program.managers.filter(pk=manager.pk).exists():
        program.managers.add(manager)
    mentor = _participant(program, mentor_person, Participant.Role.MENTOR, capacity=2)
    mentee = _participant(program, mentee_person, Participant.Role.MENTEE)
    relationship = _demo_pair(ctx, program, mentor, mentee, manager)
    others = _other_pairs(ctx, program, manager, exclude={mentor.pk, mentee.pk})
    for item in [relationship, *others]:
        refresh_health(_reload(item))
    ctx.extra["demo_relationship"] = relationship
    ctx.say(f"  relationships: {1 + len(others)} in “{program.name}”, demo pair #{relationship.pk}")


def _fallback_program(ctx: Any) -> Program:
    """Only when the programs step did not provide an active program."""
    program = Program.objects.create(
        name="Mentoring Essentials",
        description="A six-month one-on-one mentoring program.",
        status=Program.Status.ACTIVE,
        starts_on=ctx.today - dt.timedelta(weeks=WEEKS_AGO + 1),
        ends_on=ctx.today + dt.timedelta(weeks=18),
        curriculum=FALLBACK_CURRICULUM,
        conversation_starters=FALLBACK_STARTERS,
        agreement_text=(
            "We meet about every two weeks for 45 minutes. We come prepared, we keep what is "
            "said confidential, and we tell each other honestly what works and what does not."
        ),
    )
    if ctx.logins.get("manager") is not None:
        program.managers.add(ctx.logins["manager"])
    ctx.programs["active"] = program
    return program


def _participant(program: Program, person: Person, role: str, capacity: int = 1) -> Participant:
    participant = Participant.objects.filter(program=program, person=person, role=role).first()
    if participant is None:
        participant = Participant.objects.create(
            program=program,
            person=person,
            role=role,
            capacity=capacity,
            status=Participant.Status.APPROVED,
        )
    elif participant.status not in {Participant.Status.APPROVED, Participant.Status.MATCHED}:
        participant.status = Participant.Status.APPROVED
        participant.save(update_fields=["status", "updated_at"])
    if participant.capacity < capacity:
        participant.capacity = capacity
        participant.save(update_fields=["capacity", "updated_at"])
    return participant


def _reload(relationship: Relationship) -> Relationship:
    return relationships_queryset().get(pk=relationship.pk)


def _find_or_create(
    program: Program,
    mentor: Participant,
    mentees: list[Participant],
    manager: Person | None,
    reasons: list[dict[str, Any]] | None = None,
) -> Relationship:
    existing = (
        Relationship.objects.filter(program=program, members__participant=mentor)
        .filter(members__participant=mentees[0])
        .exclude(status__in=[Relationship.Status.ENDED, Relationship.Status.COMPLETED])
        .first()
    )
    if existing is not None:
        return _reload(existing)
    created = services.create_relationship(
        program=program,
        mentor=mentor,
        mentees=mentees,
        kind=Relationship.Kind.PAIR,
        actor=manager.user if manager is not None else None,
        trusted=True,
        notify=False,
        match_score=0.78 if reasons else None,
        match_reasons=reasons,
    )
    return _reload(created)


def _backdate(relationship: Relationship, weeks: int) -> Relationship:
    """Mark the agreement accepted and the start ``weeks`` in the past."""
    started = clock.today() - dt.timedelta(weeks=weeks)
    accepted = clock.now() - dt.timedelta(weeks=weeks, hours=2)
    RelationshipMember.objects.filter(relationship=relationship).update(
        agreement_accepted_at=accepted
    )
    status = relationship.status
    if status == Relationship.Status.PENDING:
        status = Relationship.Status.ACTIVE
    Relationship.objects.filter(pk=relationship.pk).update(started_on=started, status=status)
    return _reload(relationship)


def _past(days: int, hour: int = 9) -> dt.datetime:
    day = clock.now() - dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _held(
    relationship: Relationship, actor: Any, when: dt.datetime, ratings: list[tuple[Any, int, bool]]
) -> Meeting:
    [meeting] = meetings.schedule_meeting(
        relationship=relationship,
        actor=actor,
        starts_at=when,
        allow_past=True,
        notify=False,
        location="https://meet.example.com/tandem-demo",
    )
    meeting.relationship = relationship
    meetings.update_meeting(meeting=meeting, actor=actor, data={"status": "held"})
    for who, rating, fit in ratings:
        meetings.submit_pulse(meeting=meeting, actor=who, rating=rating, good_fit=fit)
    return meeting


def _demo_pair(
    ctx: Any, program: Program, mentor: Participant, mentee: Participant, manager: Person | None
) -> Relationship:
    """The demo logins' relationship, written through the services as they would."""
    relationship = _find_or_create(program, mentor, [mentee], manager, _reasons(mentor, mentee))
    mentor_user, mentee_user = mentor.person.user, mentee.person.user
    for user in (mentee_user, mentor_user):
        services.accept_agreement(
            relationship=_reload(relationship),
            actor=user,
            notes="Tuesday mornings suit me best." if user == mentee_user else "",
        )
    relationship = _backdate(_reload(relationship), WEEKS_AGO)
    if relationship.meetings.exists():  # reused from an earlier step: keep its history
        return relationship
    cadence = program.meeting_cadence_days or 14
    held = [
        _held(
            relationship,
            mentee_user,
            _past(days, 8 + i),
            [(mentee_user, rating, True), (mentor_user, 5, True)],
        )
        for i, (days, rating) in enumerate([(WEEKS_AGO * 7 - 2, 4), (cadence + 5, 5), (5, 4)])
    ]
    for text, meeting in zip(SHARED_NOTES, held, strict=True):
        notes.add_note(relationship=relationship, actor=mentor_user, body=text, meeting=meeting)
    notes.add_note(
        relationship=relationship,
        actor=mentee_user,
        visibility="private",
        body="Private: I want to ask about the team-lead opening, but not yet.",
    )
    notes.add_note(
        relationship=relationship,
        actor=mentor_user,
        visibility="private",
        body="Private: Encourage more ownership; suggest the architecture forum.",
    )
    _demo_goals(ctx, relationship, mentee_user, mentor_user)
    first_future = dt.datetime.combine(clock.today() + dt.timedelta(days=2), dt.time(9, 0))
    meetings.schedule_meeting(
        relationship=relationship,
        actor=mentee_user,
        starts_at=first_future,
        time_zone=mentee.person.time_zone,
        repeat_every_days=cadence,
        repeat_until=min(
            program.ends_on or first_future.date(), first_future.date() + dt.timedelta(weeks=12)
        ),
        location="https://meet.example.com/tandem-demo",
        notify=False,
    )
    return _reload(relationship)


def _demo_goals(ctx: Any, relationship: Relationship, mentee_user: Any, mentor_user: Any) -> None:
    end = relationship.program.ends_on or clock.today() + dt.timedelta(weeks=20)
    for index, spec in enumerate(DEMO_GOALS):
        due = min(end, clock.today() + dt.timedelta(weeks=8 + 6 * index))
        goal = goals.create_goal(
            relationship=relationship,
            actor=mentee_user,
            due_on=due,
            **{k: v for k, v in spec.items() if k != "milestones"},
        )
        for step, title in enumerate(spec["milestones"]):
            milestone_due = min(due, clock.today() + dt.timedelta(weeks=2 + 2 * step))
            milestone = goals.add_milestone(
                goal=goal, actor=mentee_user, title=title, due_on=milestone_due
            )
            if index == 0 and step == 0:
                goals.update_milestone(milestone=milestone, actor=mentee_user, completed=True)
        if index == 0:
            goals.add_goal_comment(
                goal=goal,
                actor=mentor_user,
                body="Great goal. Let's pick a date for the shadowing.",
            )


# --- the rest of the cohort ------------------------------------------------------------------

PROFILES = [  # (weeks since start, meetings held, average rating, poor fit, goal progress)
    (8, 4, 5, False, 70),
    (8, 3, 4, False, 50),
    (7, 3, 4, False, 30),
    (6, 2, 4, False, 40),
    (8, 1, 3, False, 0),
    (7, 0, None, False, 0),
    (6, 2, 2, True, 10),
    (5, 2, 5, False, 60),
    (8, 1, 3, False, 20),
    (4, 1, 4, False, 0),
]


def _other_pairs(
    ctx: Any, program: Program, manager: Person | None, exclude: set[int]
) -> list[Relationship]:
    """More relationships in the program with varied health: those a published match run
    created when there are any, otherwise new pairs. Their members have no logins, so their
    history is written as rows, not through the member-only services."""
    published = list(
        Relationship.objects.filter(program=program, match_run_id__isnull=False)
        .exclude(members__participant_id__in=exclude)
        .order_by("pk")
    )[:-STILL_PENDING]  # a couple still wait for their agreement, as in real programs
    pairs = [_reload(r) for r in published] or _new_pairs(ctx, program, manager, exclude)
    return [
        _history(ctx, relationship, PROFILES[index % len(PROFILES)])
        for index, relationship in enumerate(pairs)
    ]


def _new_pairs(
    ctx: Any, program: Program, manager: Person | None, exclude: set[int]
) -> list[Relationship]:
    free = (
        Participant.objects.filter(program=program)
        .exclude(pk__in=exclude)
        .filter(Q(status=Participant.Status.APPROVED))
        .select_related("person")
    )
    mentors = [p for p in free if p.role == Participant.Role.MENTOR]
    mentees = [p for p in free if p.role == Participant.Role.MENTEE]
    if not mentors or not mentees:
        mentors, mentees = _enrol_extra(ctx, program, exclude)
    created = []
    for mentor, mentee in list(zip(mentors, mentees, strict=False))[:OTHER_PAIRS]:
        try:
            created.append(_find_or_create(program, mentor, [mentee], manager))
        except DomainError:
            continue
    return created


def _enrol_extra(ctx: Any, program: Program, exclude: set[int]) -> tuple[list[Any], list[Any]]:
    taken = set(Participant.objects.filter(program=program).values_list("person_id", flat=True))
    people = [p for p in ctx.people if p.pk not in taken and p.user_id is None]
    ctx.rng.shuffle(people)
    senior = sorted(people[: OTHER_PAIRS * 2], key=lambda p: -(p.job_level or 0))
    mentors = [_participant(program, p, Participant.Role.MENTOR, 2) for p in senior[:OTHER_PAIRS]]
    mentees = [_participant(program, p, Participant.Role.MENTEE) for p in senior[OTHER_PAIRS:]]
    return mentors, mentees


def _history(ctx: Any, relationship: Relationship, profile: tuple[Any, ...]) -> Relationship:
    weeks, held, rating, poor_fit, progress = profile
    relationship = _backdate(relationship, weeks)
    if relationship.meetings.exists():
        return relationship
    people = [m.participant.person for m in relationship.members.all()]
    span = max(1, weeks * 7 - 3)
    for n in range(held):
        when = _past(days=span - n * (span // max(held, 1)), hour=10)
        meeting = Meeting.objects.create(
            relationship=relationship,
            starts_at=when,
            time_zone=people[0].time_zone,
            scheduled_by=people[-1],
            status=Meeting.Status.HELD,
            format=Meeting.Format.VIDEO,
        )
        if rating is not None:
            for person in people:
                Pulse.objects.create(
                    meeting=meeting,
                    person=person,
                    rating=max(1, min(5, rating + ctx.rng.choice([-1, 0, 0]))),
                    good_fit=not poor_fit,
                )
    if progress:
        Goal.objects.create(
            relationship=relationship,
            author=people[-1],
            title="Grow my leadership skills",
            metric="Lead one project end to end",
            plan="Agree steps with my mentor",
            relevance="Preparing for a team-lead role",
            progress=progress,
            progress_set_by_hand=True,
            due_on=clock.today() + dt.timedelta(weeks=10),
        )
    if held:
        Note.objects.create(
            relationship=relationship,
            author=people[0],
            body="Shared summary of our last conversation.",
        )
    if profile == PROFILES[5]:
        Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.PAUSED)
    return _reload(relationship)


def _reasons(mentor: Participant, mentee: Participant) -> list[dict[str, Any]]:
    """Why the demo pair was matched, in the matchmaking app's shape."""
    a, b = mentor.person, mentee.person
    reasons = [
        {
            "criterion": "skills",
            "contribution": 0.34,
            "detail": f"{a.full_name.split()[0]} has led planning workshops and presents often — "
            f"the skills {b.full_name.split()[0]} wants to develop",
        },
        {
            "criterion": "seniority",
            "contribution": 0.18,
            "detail": f"A useful seniority gap (level {a.job_level} and {b.job_level})",
        },
    ]
    if a.department != b.department:
        reasons.append(
            {
                "criterion": "department",
                "contribution": 0.12,
                "detail": f"Different departments ({a.department} and {b.department}): "
                "a fresh outside view",
            }
        )
    shared = sorted(set(a.languages or []) & set(b.languages or []))
    if shared:
        reasons.append(
            {
                "criterion": "language",
                "contribution": 0.06,
                "detail": f"Both speak {', '.join(shared)}",
            }
        )
    return reasons
