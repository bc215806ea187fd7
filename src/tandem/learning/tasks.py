"""Background jobs of the learning app (huey). Idempotent; they take no objects."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .office_hour_followup import follow_up_ended_sessions

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def follow_up_office_hours() -> int:
    """Every 15 minutes: sessions that took place count as a mentoring moment (once) and
    their attendee and expert are asked the one-question pulse (once)."""
    moments, asked = follow_up_ended_sessions()
    log.info("office hours: %s moments recorded, %s pulses asked", moments, asked)
    return moments
