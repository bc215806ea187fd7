"""``tandem nudges [--as-of YYYY-MM-DD] [--dry-run] [--rule KEY …]``: what is due, per rule.

Without ``--dry-run`` the due nudges are sent (exactly once: a second run sends nothing).
``--as-of`` evaluates at noon UTC of that day — program managers preview a date, tests move
time with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.engagement.nudging.engine import evaluate
from tandem.engagement.nudging.registry import rule_keys, rules


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date like 2026-12-08, not “{value}”.") from None


class Command(BaseCommand):
    help = "Show (with --dry-run) or send the nudges due at a date, with counts per rule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=str, default=None, help="YYYY-MM-DD (default: now)")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument(
            "--rule", action="append", default=None, help="Only this rule (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else None
        only = options["rule"]
        if only:
            unknown = sorted(set(only) - set(rule_keys()))
            if unknown:
                raise CommandError(
                    f"Unknown rule(s): {', '.join(unknown)}. Rules: {', '.join(rule_keys())}."
                )
        report = evaluate(as_of=as_of, dry_run=options["dry_run"], only=only)
        verb = "would send" if report.dry_run else "sent"
        self.stdout.write(
            f"Nudges as of {report.as_of} ({'dry run' if report.dry_run else 'sent'}):"
        )
        self.stdout.write(f"  {'rule':<28} {'due':>6} {verb:>11}  example")
        for rule in rules():
            if only and rule.key not in only:
                continue
            due = report.due.get(rule.key, 0)
            done = due if report.dry_run else report.sent.get(rule.key, 0)
            example = report.examples.get(rule.key, "")
            self.stdout.write(f"  {rule.key:<28} {due:>6} {done:>11}  {example[:70]}")
        total = sum(report.due.values())
        self.stdout.write(f"  {'total':<28} {total:>6}")
