"""``tandem backup FILE``: a consistent copy of the SQLite database, taken while Tandem runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import backup_database
from tandem.core.errors import DomainError


class Command(BaseCommand):
    help = "Back up the SQLite database to FILE with SQLite's online backup API."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup to write (must not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            size = backup_database(options["file"])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Backed up to {options['file']} ({size / 1024 / 1024:.1f} MB).")
