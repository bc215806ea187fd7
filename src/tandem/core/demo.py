"""The demo organisation: a context passed through each app's ``demo.build(ctx)`` step.

The steps and their order are the site's business: ``tandem.cli.demo``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from faker import Faker

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
