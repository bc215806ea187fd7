"""``tandem up`` (what ``make run`` calls): migrate, load the demo organisation into an empty
database when asked (``TANDEM_DEMO=1`` or ``--demo``), collect static files, start the task
worker and the web server, and print the banner and the logins last, once the server
answers.

Without ``EMAIL_URL``, emails are written to files under ``var/mail/`` instead of the
console, and the worker and the request log go to ``var/log/``, so nothing buries the
banner."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.cli.management.commands.serve import gunicorn_argv
from tandem.core.safety import start_refusal

READY_TIMEOUT_SECONDS = 60


def default_base_url(host: str, port: int) -> None:
    """Links in emails and invites point at this server unless TANDEM_BASE_URL says otherwise
    (the worker and the web server inherit the environment)."""
    shown = _shown_host(host)
    os.environ.setdefault("TANDEM_BASE_URL", f"http://{shown}:{port}")


def _shown_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104


def mail_directory() -> Path | None:
    """Where emails go when EMAIL_URL is unset (the worker inherits the environment)."""
    if os.environ.get("EMAIL_URL"):
        return None
    directory = Path(settings.DATA_DIR) / "mail"
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["EMAIL_URL"] = f"file://{directory}"
    return directory


class Command(BaseCommand):
    help = "Migrate, load the demo if asked (TANDEM_DEMO=1), start the worker and the web server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo data into an empty database."
        )
        parser.add_argument("--no-demo", action="store_true", help="Never load the demo data.")

    def handle(self, *args: Any, **options: Any) -> None:
        if refusal := start_refusal():
            raise CommandError(refusal)
        self._step("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        demo_asked = (options["demo"] or settings.DEMO) and not options["no_demo"]
        self._load_demo_if_empty(demo_asked)
        self._step("Collecting static files…")
        call_command("collectstatic", interactive=False, verbosity=0)
        default_base_url(options["host"], options["port"])
        mail = mail_directory()
        log_dir = Path(settings.DATA_DIR) / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        worker_log = (log_dir / "worker.log").open("ab")
        self._step("Starting the task worker and the web server…")
        worker = subprocess.Popen(
            [sys.executable, "-m", "tandem.cli.main", "worker"],
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        argv = gunicorn_argv(options["host"], options["port"], 2, str(log_dir / "access.log"))
        server = subprocess.Popen(argv)  # noqa: S603
        if self._wait_until_ready(options["host"], options["port"], server):
            self._print_banner(options["host"], options["port"], mail, log_dir)
        self._wait(server, worker, worker_log)

    def _step(self, message: str) -> None:
        self.stdout.write(f"• {message}")

    def _load_demo_if_empty(self, asked: bool) -> None:
        from tandem.people.models import Person

        if Person.objects.exists():
            self._step("The database has data: the demo organisation is not loaded.")
            return
        if not asked:
            self._step(
                "Empty database. For the demo organisation run `make run` (or TANDEM_DEMO=1 "
                "tandem up); to start for real, create the first org admin with "
                "`tandem createsuperuser` and import your directory."
            )
            return
        self._step("Empty database: loading the demo organisation (tandem demo)…")
        logging.disable(logging.INFO)  # the demo's own log lines: the banner says it all
        try:
            call_command("demo", stdout=io.StringIO())
        finally:
            logging.disable(logging.NOTSET)

    def _wait_until_ready(self, host: str, port: int, server: subprocess.Popen[bytes]) -> bool:
        url = f"http://{_shown_host(host)}:{port}/healthz"
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return True
            except urllib.error.HTTPError:
                return True  # it answers (e.g. a host name outside ALLOWED_HOSTS)
            except OSError:
                time.sleep(0.5)
        return server.poll() is None

    def _print_banner(self, host: str, port: int, mail: Path | None, log_dir: Path) -> None:
        self.stdout.write(self.style.SUCCESS("\n".join(banner_lines(host, port, mail, log_dir))))
        self.stdout.flush()

    def _wait(
        self,
        server: subprocess.Popen[bytes],
        worker: subprocess.Popen[bytes],
        worker_log: IO[bytes],
    ) -> None:
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
            worker_log.close()


def banner_lines(host: str, port: int, mail: Path | None, log_dir: Path) -> list[str]:
    """The last thing ``tandem up`` prints: where Tandem runs, the logins, where mail goes."""
    from tandem.accounts.models import User
    from tandem.accounts.views import DEMO_LOGINS

    lines = ["", f"  Tandem is running at http://{_shown_host(host)}:{port}/", ""]
    if settings.DEMO_MODE and User.objects.filter(email=DEMO_LOGINS[0][0]).exists():
        lines.append(f"  Demo logins (password: {settings.TANDEM_DEMO_PASSWORD}):")
        lines += [f"    {email:<28} {role}" for email, role in DEMO_LOGINS]
        lines.append("")
    if mail is not None:
        lines.append(f"  Emails are saved as files in {mail}/ (set EMAIL_URL to send them).")
    lines.append(f"  Requests are logged to {log_dir}/access.log, the task worker to worker.log.")
    lines += ["", "  Press Ctrl+C to stop."]
    return lines
