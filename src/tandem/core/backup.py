"""Back up and restore the SQLite database with SQLite's online backup API.

The backup is a consistent snapshot taken while Tandem runs (readers and writers carry on);
the restore copies a snapshot back page by page into the live database, in one step. For
PostgreSQL, use ``pg_dump``/``pg_restore`` (docs/operations.md): both refuse with that advice.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import connection

from tandem.core.errors import DomainError

NOT_SQLITE = (
    "This database is {vendor}: back it up with pg_dump and restore it with pg_restore "
    "(docs/operations.md)."
)
EXISTS = "{path} already exists: choose a new file name (a backup never overwrites)."
NOT_A_BACKUP = "{path} is not a Tandem backup (not a SQLite database with Tandem's tables)."
MISSING = "{path} does not exist."
DAMAGED = "{path} is damaged: SQLite's integrity check says “{detail}”."
NEWER = (
    "{path} was made by a newer Tandem (migration {migration} is unknown here): upgrade "
    "Tandem first, then restore."
)


def _require_sqlite() -> sqlite3.Connection:
    if connection.vendor != "sqlite":
        raise DomainError(NOT_SQLITE.format(vendor=connection.vendor))
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def backup_database(target: Path) -> int:
    """Write a snapshot of the live database to ``target``; return its size in bytes."""
    source = _require_sqlite()
    if target.exists():
        raise DomainError(EXISTS.format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    return target.stat().st_size


def _applied_migrations(db: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = db.execute("SELECT app, name FROM django_migrations")
    return {(app, name) for app, name in rows}


def check_backup(path: Path) -> None:
    """Refuse anything but an intact Tandem backup that this version of Tandem understands."""
    if not path.is_file():
        raise DomainError(MISSING.format(path=path))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DomainError(NOT_A_BACKUP.format(path=path)) from exc
    try:
        detail = db.execute("PRAGMA integrity_check").fetchone()[0]
        if detail != "ok":
            raise DomainError(DAMAGED.format(path=path, detail=detail))
        backed_up = _applied_migrations(db)
    except sqlite3.DatabaseError as exc:
        raise DomainError(NOT_A_BACKUP.format(path=path)) from exc
    finally:
        db.close()
    known = _applied_migrations(_require_sqlite())
    unknown = sorted(backed_up - known)
    if unknown:
        raise DomainError(NEWER.format(path=path, migration=".".join(unknown[0])))


def restore_database(path: Path) -> None:
    """Replace the live database's contents with the backup at ``path``."""
    check_backup(path)
    target = _require_sqlite()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(target)
    finally:
        source.close()
