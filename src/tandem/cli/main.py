"""The ``tandem`` console script.

``tandem match-file`` runs the matching engine on two spreadsheets without Django or a
database. Every other command is a Django management command (dashes become underscores):
``tandem up``, ``tandem serve``, ``tandem worker``, ``tandem demo``, ``tandem import-people``,
``tandem migrate`` …
"""

from __future__ import annotations

import os
import sys

PURE_COMMANDS = {"match-file"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else "help"
    if command in PURE_COMMANDS:
        from tandem.cli.match_file import main as match_file_main

        return int(match_file_main(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")
    from django.core.management import execute_from_command_line

    if not command.startswith("-"):
        args[1] = command.replace("-", "_")
    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
