"""Keep a dry-run file for a confirm step: one use, by its uploader only, for ``KEEP_FOR``."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.core.errors import DomainError, NotAllowed

from . import permissions
from .importer import NOT_ALLOWED, ImportReport, import_people
from .models import ImportUpload

KEEP_FOR = timedelta(hours=1)
EXPIRED = "This dry run has expired; upload the file again."
NOT_YOURS = "Only the admin who ran the dry run can confirm it."


class UploadGone(DomainError):  # noqa: N818 — reads as a verdict
    """Expired: HTTP 410. Used or never kept (a used upload is deleted): HTTP 404."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__(EXPIRED, status_code=410 if expired else 404)


def purge_expired() -> int:
    cutoff = timezone.now() - KEEP_FOR
    deleted, _ = ImportUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def keep_upload(*, actor: Any, filename: str, content: bytes) -> ImportUpload:
    if not permissions.can_import_people(actor):
        raise NotAllowed(NOT_ALLOWED)
    purge_expired()
    return ImportUpload.objects.create(
        uploader=actor,
        filename=filename[:255],
        digest=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def dry_run_and_keep(
    *, actor: Any, filename: str, content: bytes
) -> tuple[ImportReport, ImportUpload | None]:
    """Dry-run the file; if it is clean, keep it and return the kept upload as well."""
    report = import_people(filename=filename, content=content, dry_run=True, actor=actor)
    if report.errors:
        return report, None
    return report, keep_upload(actor=actor, filename=filename, content=content)


def confirm_upload(*, actor: Any, upload_id: int) -> ImportReport:
    """Import a kept file for real. The upload is consumed only when the import is written."""
    if not permissions.can_import_people(actor):
        raise NotAllowed(NOT_ALLOWED)
    upload = ImportUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        raise UploadGone(expired=False)
    if upload.uploader_id != actor.pk:
        raise NotAllowed(NOT_YOURS)
    if upload.created_at < timezone.now() - KEEP_FOR:
        purge_expired()
        raise UploadGone(expired=True)
    with transaction.atomic():
        # Two confirms at once: the second waits here, then finds the upload gone.
        if not ImportUpload.objects.select_for_update().filter(pk=upload_id).exists():
            raise UploadGone(expired=False)
        report = import_people(
            filename=upload.filename, content=bytes(upload.content), dry_run=False, actor=actor
        )
        if not report.errors:
            upload.delete()
    return report
