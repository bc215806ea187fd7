"""Fixtures for the engagement tests: a frozen clock and a pair (from the relationship tests),
a local HTTP receiver for chat and webhooks, and a real SMTP server in the test process."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.relationships.conftest import NOW, FrozenClock, Pair, make_pair, reload

__all__ = ["NOW", "FrozenClock", "Pair", "make_pair", "reload"]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch, NOW)


@pytest.fixture
def pair(db: Any, frozen: FrozenClock) -> Pair:
    return make_pair()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A tiny HTTP server in a thread: answers each POST with the next planned status."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    plan: list[int] = field(default_factory=list)  # statuses to answer, then 200
    delay: float = 0.0

    def next_status(self) -> int:
        return self.plan.pop(0) if self.plan else 200


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    settings.TANDEM_WEBHOOK_ALLOW_PRIVATE = True
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            if state.delay:
                time.sleep(state.delay)
            status = state.next_status()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"receiver says no")

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """Messages that reached the in-process SMTP server (``aiosmtpd``)."""

    messages: list[Any] = field(default_factory=list)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            inbox.messages.append(message)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
