"""Demo step of the learning app: the demo mentor has done the mentor training, the demo
mentee has a module in progress, the enrolling program requires training, and a share of
the other participants have completed some modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.core import clock
from tandem.programs.models import Participant

from .models import TrainingModule, TrainingProgress

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
