"""Build the demo organisation: every app's ``demo.build(ctx)`` step, in order."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction

from tandem.core.demo import DemoContext

# Each app's step runs in this order; a later step may use what earlier ones put on ctx.
DEMO_STEPS = [
    "tandem.people.demo",
    "tandem.programs.demo",
    "tandem.matchmaking.demo",
    "tandem.relationships.demo",
    "tandem.learning.demo",
    "tandem.surveys.demo",
    "tandem.programs.demo_completed",
    "tandem.relationships.demo_completed",
    "tandem.surveys.demo_closure",
    "tandem.learning.demo_stories",
    "tandem.people.demo_events",
    "tandem.engagement.demo",
    "tandem.people.demo_demographics",
]


def _load_step(path: str) -> Any | None:
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            return None
        raise


@transaction.atomic
def build_demo(ctx: DemoContext) -> DemoContext:
    """Run every app's demo step inside one transaction: all of the demo, or nothing."""
    for path in DEMO_STEPS:
        module = _load_step(path)
        if module is not None:
            module.build(ctx)
    return ctx
