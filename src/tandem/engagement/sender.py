"""HTTP POSTs to receivers outside Tandem (chat webhooks, integrators' webhooks).

Only from background jobs, never in a request. No redirects are followed; every send checks
the URL again (``urlsafety``) and has a 10-second timeout. The outcome is a value, never an
exception, so the caller can log it and schedule a retry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from .urlsafety import UnsafeUrl, check_before_send

TIMEOUT_SECONDS = 10.0
KEEP_BODY = 2000
USER_AGENT = "Tandem-Webhooks/1.0"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url: str, content: bytes, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()

    def done(status: int | None, body: str = "", error: str = "") -> Outcome:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(status, body[:KEEP_BODY], error[:500], elapsed)

    try:
        check_before_send(url)
    except UnsafeUrl as exc:
        return done(None, error=str(exc))
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            response = client.post(
                url,
                content=content,
                headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
            )
    except httpx.TimeoutException:
        return done(None, error=f"No answer within {TIMEOUT_SECONDS:.0f} seconds.")
    except httpx.HTTPError as exc:
        return done(None, error=f"{type(exc).__name__}: {exc}")
    return done(response.status_code, response.text)
