"""Background jobs of the matching workflow (huey)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import choice, services

log = logging.getLogger(__name__)


@db_task()  # type: ignore[untyped-decorator]
def run_match_run(run_id: int) -> str:
    """Execute a queued run. Idempotent: a run that is no longer queued is left alone."""
    run = services.execute_match_run(run_id)
    log.info("match run %s: %s", run_id, run.status)
    return str(run.status)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def expire_match_requests() -> int:
    """Every 15 minutes: pending requests past their deadline expire (mentees choose again)."""
    count = choice.expire_match_requests()
    if count:
        log.info("expired %s match requests", count)
    return count
