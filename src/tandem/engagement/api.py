"""The caller's notification feed: /api/v1/notifications."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, Id
from tandem.core.pagination import PagePagination

from . import selectors, services

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class MarkReadIn(Schema):
    ids: list[Id] | None = None


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(PagePagination)
def list_notifications(request: HttpRequest, unread_only: bool = False):  # type: ignore[no-untyped-def]
    return selectors.list_my_notifications(request.user, unread_only=unread_only)


@router.post("/notifications/read", response={200: MarkedOut, **ERRORS})
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    return {"marked": services.mark_read(actor=request.user, notification_ids=payload.ids)}
