"""``tandem serve``: the web app behind gunicorn (a real server, not runserver)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def gunicorn_argv(host: str, port: int, workers: int, access_log: str = "-") -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tandem.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        access_log,
        "--graceful-timeout",
        "5",
        "--timeout",
        "120",
    ]


class Command(BaseCommand):
    help = "Serve Tandem with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def handle(self, *args: Any, **options: Any) -> None:
        from tandem.core.safety import start_refusal

        if refusal := start_refusal():
            raise CommandError(refusal)
        argv = gunicorn_argv(options["host"], options["port"], options["workers"])
        os.execv(sys.executable, argv)  # noqa: S606 — replaces this process with gunicorn
