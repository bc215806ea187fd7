"""HR events import — POST /api/v1/people/events/import (org admins)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from tandem.core.api import ErrorOut

from . import permissions
from .events_import import import_events

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class EventErrorOut(Schema):
    row: int
    field: str
    message: str


class EventReportOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    errors: list[EventErrorOut]
    warnings: list[str] = []


@router.post("/people/events/import", response={200: EventReportOut, **ERRORS})
def import_hr_events(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> dict[str, object]:
    """Import HR events (CSV or XLSX): columns ``employee_id, event (termination/promotion/
    move), date, voluntary, new_level, new_department``. Any row error → nothing is written."""
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import HR events.")
    report = import_events(
        filename=file.name or "upload", content=file.read(), dry_run=dry_run, actor=request.user
    )
    return report.as_dict()
