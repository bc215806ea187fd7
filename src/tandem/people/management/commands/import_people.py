"""``tandem import-people FILE [--dry-run]``: import a CSV/XLSX HR export as the system.

Prints the counts and, when rows are refused, a table of row, field and message; exits
non-zero when there is any error (and then nothing was written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.people.importer import ImportReport, ImportRowError, import_people

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = "Import the employee directory from a CSV or XLSX HR export (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the .csv or .xlsx export")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )
        parser.add_argument(
            "--max-errors",
            type=int,
            default=SHOWN_ERRORS,
            help=f"how many row errors to print (default {SHOWN_ERRORS}; 0 prints all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        report = import_people(
            filename=path.name, content=content, dry_run=options["dry_run"], actor=None
        )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        if report.errors:
            self.stdout.write(_error_table(report.errors, options["max_errors"]))
            count = len(report.errors)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''} in {path.name}; nothing was imported."
            )
        self.stdout.write(self.style.SUCCESS(_summary(report)))


def _summary(report: ImportReport) -> str:
    counts = f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    if report.dry_run:
        return f"Dry run, nothing written: {counts}."
    return f"Imported: {counts}."


def _error_table(errors: list[ImportRowError], limit: int) -> str:
    shown = errors if limit <= 0 else errors[:limit]
    rows = [("row", "field", "message")] + [(str(e.row), e.field, e.message) for e in shown]
    widths = [max(len(r[i]) for r in rows) for i in (0, 1)]
    lines = [f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}" for r in rows]
    lines.insert(1, f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 7}")
    if len(shown) < len(errors):
        lines.append(f"… and {len(errors) - len(shown)} more (use --max-errors 0 to see all)")
    return "\n".join(lines)
