"""Background jobs of the matching workflow (huey)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from . import execution

log = logging.getLogger(__name__)


@db_task()  # type: ignore[untyped-decorator]
def run_match_run(run_id: int) -> str:
    """Execute a queued run. Idempotent: a run that is no longer queued is left alone."""
    run = execution.execute_match_run(run_id)
    log.info("match run %s: %s", run_id, run.status)
    return str(run.status)
