"""Background jobs of the relationships app (huey). Idempotent; they take no objects."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .closure import close_relationships_at_program_end
from .health import refresh_many
from .models import Relationship
from .services import OPEN

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="10"))  # type: ignore[untyped-decorator]
def close_finished_relationships() -> int:
    """Every night: complete the relationships of programs that ended yesterday or before."""
    closed = close_relationships_at_program_end()
    log.info("closed %s relationships at their program's end", closed)
    return closed


@db_periodic_task(crontab(hour="2", minute="40"))  # type: ignore[untyped-decorator]
def refresh_all_health() -> int:
    """Every night: recompute the health of open relationships (time passing lowers it)."""
    return len(refresh_many(Relationship.objects.filter(status__in=OPEN)))
