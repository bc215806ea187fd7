"""``tandem up`` (what ``make run`` calls): migrate, load the demo organisation when the
database is empty, collect static files, then run the task worker and the web server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from tandem.cli.management.commands.serve import gunicorn_argv


def default_base_url(host: str, port: int) -> None:
    """Links in emails and invites point at this server unless TANDEM_BASE_URL says otherwise
    (the worker and the web server inherit the environment)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    os.environ.setdefault("TANDEM_BASE_URL", f"http://{shown}:{port}")


class Command(BaseCommand):
    help = "Migrate, load demo data into an empty database, start the worker and the web server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        if not options["no_demo"]:
            self._load_demo_if_empty()
        call_command("collectstatic", interactive=False, verbosity=0)
        default_base_url(options["host"], options["port"])
        worker = subprocess.Popen([sys.executable, "-m", "tandem.cli.main", "worker"])
        self._print_banner(options["host"], options["port"])
        server = subprocess.Popen(gunicorn_argv(options["host"], options["port"], 2))  # noqa: S603
        self._wait(server, worker)

    def _load_demo_if_empty(self) -> None:
        from tandem.people.models import Person

        if Person.objects.exists():
            self.stdout.write("Database has data: demo organisation not loaded.")
            return
        self.stdout.write("Empty database: loading the demo organisation (tandem demo)…")
        call_command("demo")

    def _print_banner(self, host: str, port: int) -> None:
        from tandem.accounts.views import DEMO_LOGINS

        lines = ["", f"  Tandem is running at http://{host}:{port}/", ""]
        if settings.DEMO_MODE:
            lines.append(f"  Demo logins (password: {settings.TANDEM_DEMO_PASSWORD}):")
            lines += [f"    {email:<28} {role}" for email, role in DEMO_LOGINS]
            lines.append("")
        lines.append("  Press Ctrl+C to stop.")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _wait(self, server: subprocess.Popen[bytes], worker: subprocess.Popen[bytes]) -> None:
        def stop(*_: object) -> None:
            for process in (server, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (server, worker):
                process.wait(timeout=15)
