"""The demo organisation: a context passed through each app's ``demo.build(ctx)`` step."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from faker import Faker

# Each app's step runs in this order; a later step may use what earlier ones put on ctx.
DEMO_STEPS = [
    "tandem.people.demo",
    "tandem.programs.demo",
    "tandem.matchmaking.demo",
    "tandem.relationships.demo",
    "tandem.surveys.demo",
    "tandem.engagement.demo",
]
DEMO_DOMAIN = "demo.tandem.test"


class Writer(Protocol):
    def write(self, msg: str) -> Any: ...


@dataclass
class DemoContext:
    size: int
    seed: int
    today: dt.date
    stdout: Writer
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    people: list[Any] = field(default_factory=list)
    logins: dict[str, Any] = field(default_factory=dict)
    programs: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.faker = Faker(["en_GB", "en_US"])
        self.faker.seed_instance(self.seed)

    def say(self, message: str) -> None:
        self.stdout.write(message + "\n")


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
