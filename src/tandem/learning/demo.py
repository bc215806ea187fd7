"""Demo step of the learning app: the demo mentor has done the mentor training, the demo
mentee has a module in progress, the enrolling program requires training, and a share of
the other participants have completed some modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps as django_apps

from tandem.core import clock
from tandem.programs.models import Participant

from .models import (
    Kudos,
    LearningSettings,
    Moment,
    OfficeHourBooking,
    OfficeHourPulse,
    OfficeHourSlot,
    SuccessStory,
    TrainingModule,
    TrainingProgress,
)
from .shipped.install import install_modules, install_resources

MENTOR_KEYS = [
    "active-listening",
    "constructive-feedback",
    "inclusive-mentoring",
    "mentor-role-and-boundaries",
]


def _complete(person: Any, module: TrainingModule, when: dt.datetime, score: int) -> None:
    TrainingProgress.objects.update_or_create(
        module=module,
        person=person,
        defaults={
            "sections_done": list(range(module.sections.count())),
            "attempts": 1 if score >= 90 else 2,
            "score": score if module.has_quiz else None,
            "completed_at": when,
        },
    )


def build(ctx: Any) -> None:
    # A flushed database (tests) has lost what the data migrations installed.
    install_modules(django_apps)
    install_resources(django_apps)
    modules = {m.key: m for m in TrainingModule.objects.exclude(key="")}
    now = clock.now()
    mentor, mentee = ctx.logins.get("mentor"), ctx.logins.get("mentee")
    if mentor is not None:
        for n, key in enumerate(MENTOR_KEYS):
            _complete(mentor, modules[key], now - dt.timedelta(days=60 - 5 * n), 100 - 5 * (n % 2))
    if mentee is not None:
        _complete(
            mentee, modules["getting-the-most-from-mentoring"], now - dt.timedelta(days=30), 100
        )
        TrainingProgress.objects.update_or_create(
            module=modules["setting-smart-goals"],
            person=mentee,
            defaults={"sections_done": [0]},
        )
    program = ctx.programs.get("enrolling")
    if program is not None:
        program.required_training = {
            "mentor": [modules["active-listening"].pk, modules["mentor-role-and-boundaries"].pk],
            "mentee": [modules["getting-the-most-from-mentoring"].pk],
        }
        program.save(update_fields=["required_training"])
    others = Participant.objects.exclude(person__in=[p for p in (mentor, mentee) if p])
    done = 0
    for p in others.select_related("person").order_by("id")[:200]:
        keys = MENTOR_KEYS if p.role == "mentor" else ["getting-the-most-from-mentoring"]
        for key in keys:
            if ctx.rng.random() < 0.5:
                days = ctx.rng.randint(3, 120)
                _complete(
                    p.person,
                    modules[key],
                    now - dt.timedelta(days=days),
                    ctx.rng.choice([80, 90, 100]),
                )
                done += 1
    ctx.say(f"Training: mentor training done for the demo mentor, {done} other completions")
    _moments(ctx, mentor, mentee)
    _office_hours(ctx, mentor)
    _past_office_hour(ctx, mentor, mentee)
    _story(ctx, mentor, mentee)


def _story(ctx: Any, mentor: Any, mentee: Any) -> None:
    """A published success story about the demo pair: both members consented, and both
    agreed to be named in their celebrations."""
    from tandem.relationships.models import Relationship

    if mentor is None or mentee is None:
        return
    relationship = (
        Relationship.objects.filter(members__participant__person=mentee)
        .filter(members__participant__person=mentor)
        .first()
    )
    if relationship is None:
        return
    story = SuccessStory.objects.create(
        relationship=relationship,
        title="From first dashboard to leading the data review",
        body=(
            f"{mentee.full_name} joined wanting to present with confidence. With "
            f"{mentor.full_name} they rehearsed every monthly review for a quarter; "
            "in week ten they ran the leadership data review on their own."
        ),
        written_by=ctx.logins.get("manager"),
        published_at=clock.now(),
    )
    story.consented_by.set([mentor, mentee])
    # Both agreed to be named: the pair's celebrations name them on the recognition wall.
    relationship.members.update(named_in_celebrations_at=clock.now())


OFFICE_HOURS = [
    ("Preparing for your first promotion case", ["Navigating Promotions"], 1),
    ("Reading a P&L in 30 minutes", ["Financial Analysis"], 3),
    ("Running a good retrospective", ["Facilitation"], 4),
    ("Negotiating scope with a senior stakeholder", ["Negotiation", "Stakeholder Management"], 1),
]


def _office_hours(ctx: Any, mentor: Any) -> None:
    """Open office hours from two experts: the demo mentor and a senior colleague."""
    import zoneinfo

    from tandem.people.models import Skill

    others = [
        p
        for p in ctx.people
        if p.job_level and p.job_level >= 7 and p.pk != getattr(mentor, "pk", None)
    ]
    experts = [e for e in (mentor, others[0] if others else None) if e is not None]
    for n, (topic, skill_names, capacity) in enumerate(OFFICE_HOURS):
        host = experts[n % len(experts)]
        day = ctx.today + dt.timedelta(days=2 + n)
        local = dt.datetime.combine(
            day, dt.time(15 if n % 2 else 10), zoneinfo.ZoneInfo(host.time_zone)
        )
        slot = OfficeHourSlot.objects.create(
            host=host,
            starts_at=local,
            time_zone=host.time_zone,
            duration_minutes=30,
            topic=topic,
            capacity=capacity,
        )
        slot.skills.set(Skill.objects.filter(name__in=skill_names))


def _past_office_hour(ctx: Any, mentor: Any, mentee: Any) -> None:
    """Last week's office hour of the demo mentor with the demo mentee: it took place, so it
    counts as a mentoring moment; the mentee answered the pulse, the mentor has yet to."""
    import zoneinfo

    from tandem.people.models import Skill

    from .office_hour_followup import record_moment

    if mentor is None or mentee is None:
        return
    day = ctx.today - dt.timedelta(days=6)
    slot = OfficeHourSlot.objects.create(
        host=mentor,
        starts_at=dt.datetime.combine(day, dt.time(11), zoneinfo.ZoneInfo(mentor.time_zone)),
        time_zone=mentor.time_zone,
        duration_minutes=30,
        topic="Structuring a one-page proposal",
        capacity=1,
    )
    slot.skills.set(Skill.objects.filter(name__in=["Executive Communication"]))
    booking = OfficeHourBooking.objects.create(
        slot=slot, person=mentee, pulse_asked_at=slot.starts_at + dt.timedelta(minutes=45)
    )
    OfficeHourPulse.objects.create(
        booking=booking,
        person=mentee,
        rating=5,
        comment="I rewrote my proposal the same afternoon.",
    )
    record_moment(booking)


MOMENT_NOTES = [
    ("helped me prepare my first board update", "Executive Communication"),
    ("walked me through the pricing model before the client call", "Negotiation"),
    ("reviewed my design doc and asked the questions I had missed", "Critical Thinking"),
    ("showed me how she runs a retrospective", "Facilitation"),
    ("talked me through saying no to an extra project", "Prioritisation"),
]


def _moments(ctx: Any, mentor: Any, mentee: Any) -> None:
    from tandem.people.models import Skill

    if mentor is None or mentee is None:
        return
    skills = {s.name: s for s in Skill.objects.filter(name__in=[n for _, n in MOMENT_NOTES])}
    others = [p for p in ctx.people if p.pk not in (mentor.pk, mentee.pk)][:8]
    today = ctx.today
    rows = [(mentor, receiver, i) for i, receiver in enumerate(others[:4])]
    rows.append((mentor, mentee, 4))
    for n, (giver, receiver, i) in enumerate(rows):
        note, skill = MOMENT_NOTES[i % len(MOMENT_NOTES)]
        moment = Moment.objects.create(
            giver=giver,
            receiver=receiver,
            logged_by=receiver,
            note=f"{giver.full_name.split()[0]} {note}",
            happened_on=today - dt.timedelta(days=3 + 9 * n),
            status=Moment.Status.CONFIRMED,
            decided_at=clock.now() - dt.timedelta(days=2 + 9 * n),
        )
        moment.skills.set([skills[skill]] if skill in skills else [])
    if len(others) > 4:
        # one waiting for the demo mentor's confirmation
        Moment.objects.create(
            giver=mentor,
            receiver=others[4],
            logged_by=others[4],
            note=f"{mentor.full_name.split()[0]} helped me untangle a stakeholder map",
            happened_on=today - dt.timedelta(days=1),
        )
    LearningSettings.objects.update_or_create(person=mentor, defaults={"show_moments_given": True})
    program = ctx.programs.get("active")
    Kudos.objects.create(
        sender=mentee,
        recipient=mentor,
        program=program,
        message="Thank you for the mock interview: I walked in calm and got the role.",
    )
    manager = ctx.logins.get("manager")
    if manager is not None:
        Kudos.objects.create(
            sender=manager,
            recipient=mentor,
            program=program,
            message="Three mentees, every meeting held, and glowing pulses. Thank you!",
        )
