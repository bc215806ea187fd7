"""Liveness and readiness probes."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        return False


def _queue_answers() -> bool:
    try:
        from huey.contrib.djhuey import HUEY

        HUEY.pending_count()
    except Exception:
        return False
    return True


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_answers(), "queue": _queue_answers()}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
