"""Background jobs of the people app (huey). Idempotent; they take no objects."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .import_uploads import purge_expired


@db_periodic_task(crontab(minute="17"))  # type: ignore[untyped-decorator]
def purge_expired_import_uploads() -> int:
    """Every hour: delete dry-run files kept for a confirm step that has expired."""
    return purge_expired()
