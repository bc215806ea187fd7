"""``tandem restore FILE``: replace the SQLite database with a backup from ``tandem backup``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import check_backup, restore_database
from tandem.core.errors import DomainError

CONFIRM = "Type RESTORE to replace every record in this database with {path}: "


class Command(BaseCommand):
    help = (
        "Replace the SQLite database with FILE (made by `tandem backup`), then apply any "
        "newer migrations. Stop the server and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `tandem backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask for confirmation (scripts)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            check_backup(path)
            if not options["yes"] and input(CONFIRM.format(path=path)).strip() != "RESTORE":
                raise CommandError("Nothing was restored.")
            restore_database(path)
        except DomainError as error:
            raise CommandError(error.message) from error
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Restored {path}; migrations are up to date.")
