"""``tandem demo [--size N] [--seed S]``: load the seeded demo organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.cli.demo import build_demo
from tandem.core import clock
from tandem.core.demo import DemoContext

MIN_SIZE = 40
MAX_SIZE = 20000


class Command(BaseCommand):
    help = "Load a realistic, seeded demo organisation into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=320, help="Number of people (≥ 40).")
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (same seed, same org)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from tandem.people.models import Person

        size, seed = options["size"], options["seed"]
        if not MIN_SIZE <= size <= MAX_SIZE:
            raise CommandError(f"--size must be between {MIN_SIZE} and {MAX_SIZE}, not {size}.")
        existing = Person.objects.count()
        if existing:
            raise CommandError(
                f"The demo loads into an empty database; this one already has {existing} people."
            )
        ctx = build_demo(DemoContext(size=size, seed=seed, today=clock.today(), stdout=self.stdout))
        self.stdout.write(
            self.style.SUCCESS(f"Demo organisation loaded: {len(ctx.people)} people.")
        )
        self.stdout.write(f"Logins (password {settings.TANDEM_DEMO_PASSWORD}):")
        for role, person in ctx.logins.items():
            self.stdout.write(f"  {person.email:<30} {role}")
