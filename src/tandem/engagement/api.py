"""The caller's notification feed and preferences — /api/v1/notifications, /me/….

Mounts the engagement app's other routers: nudges and the at-risk chain (``api_nudges``),
chat channels and webhooks (``api_integrations``)."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator, model_validator
from pydantic.config import JsonDict

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.errors import DomainError
from tandem.core.pagination import PagePagination

from . import kinds, preferences, selectors, services
from .api_integrations import router as integrations_router
from .api_nudges import router as nudges_router

router = Router()
if TYPE_CHECKING:  # the members are known at run time only (registries)
    KindName = str
    KIND_FILTER = str
else:
    KindName = Literal[tuple(kinds.kind_keys())]
    KIND_FILTER = Literal[tuple(sorted({k.split(".")[0] for k in kinds.kind_keys()}))]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class MarkReadIn(InputSchema):
    ids: list[Id] | None = Field(None, max_length=1000, description="none: all (of ``kind``)")
    kind: KIND_FILTER | None = Field(None, description="only this kind of message")


class MarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(PagePagination)
def list_notifications(  # type: ignore[no-untyped-def]
    request: HttpRequest, unread_only: bool = False, kind: KIND_FILTER | None = None
):
    """The caller's in-app feed, newest first; ``kind`` filters by the message's kind."""
    return selectors.list_my_notifications(request.user, unread_only=unread_only, kind=kind or "")


@router.post("/notifications/read", response={200: MarkedOut, **ERRORS})
def mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    marked = services.mark_read(
        actor=request.user, notification_ids=payload.ids, kind=payload.kind or ""
    )
    return {"marked": marked}


# --- preferences ---------------------------------------------------------------------------


class KindChoiceIn(InputSchema):
    kind: KindName
    in_app: bool = True
    email: bool = True
    chat: bool = False


class KindChoiceOut(Schema):
    kind: str
    label: str
    description: str
    can_silence: bool
    in_app: bool
    email: bool
    chat: bool


LOCAL_TIME: JsonDict = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"}


class PreferencesIn(InputSchema):
    """Fields left out keep their value. Kinds that cannot be silenced stay on."""

    digest: Literal["immediate", "daily", "weekly"] | None = None
    digest_day: int | None = Field(None, ge=0, le=6, description="0 = Monday … 6 = Sunday")
    digest_hour: int | None = Field(None, ge=0, le=23, description="in the caller's time zone")
    quiet_hours_start: dt.time | None = Field(
        None, description="HH:MM in the caller's zone", json_schema_extra=LOCAL_TIME
    )
    quiet_hours_end: dt.time | None = Field(None, json_schema_extra=LOCAL_TIME)
    kinds: list[KindChoiceIn] | None = Field(None, max_length=100)
    chat_kind: Literal["", "slack", "teams"] | None = None
    chat_url: str | None = Field(None, max_length=500, description="your own incoming webhook")

    @field_validator("quiet_hours_start", "quiet_hours_end")
    @classmethod
    def _local_time(cls, value: dt.time | None) -> dt.time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("a local time in your own zone, without an offset, like 22:00")
        return value

    @model_validator(mode="after")
    def _quiet_pair(self) -> "PreferencesIn":
        fields = self.model_fields_set
        if ("quiet_hours_start" in fields) != ("quiet_hours_end" in fields):
            raise DomainError(  # across fields, which the schema cannot state: a 400
                "Give quiet_hours_start and quiet_hours_end together (or neither).",
                field="quiet_hours_end",
            )
        if (self.quiet_hours_start is None) != (self.quiet_hours_end is None):
            raise ValueError("quiet_hours_start and quiet_hours_end are both times, or both null")
        return self


class PreferencesOut(Schema):
    digest: str
    digest_day: int
    digest_hour: int
    quiet_hours_start: dt.time | None
    quiet_hours_end: dt.time | None
    time_zone: str
    kinds: list[KindChoiceOut]
    chat_kind: str
    chat_connected: bool


def _preferences_out(pref: Any) -> dict[str, Any]:
    return {
        "digest": pref.digest,
        "digest_day": pref.digest_day,
        "digest_hour": pref.digest_hour,
        "quiet_hours_start": pref.quiet_hours_start,
        "quiet_hours_end": pref.quiet_hours_end,
        "time_zone": pref.person.time_zone,
        "kinds": preferences.kinds_table(pref),
        "chat_kind": pref.chat_kind,
        "chat_connected": bool(pref.chat_url),
    }


@router.get("/me/notification-preferences", response={200: PreferencesOut, **ERRORS})
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    """How the caller is told: channels per kind, quiet hours, digest (defaults if unset)."""
    return _preferences_out(selectors.my_preferences(request.user))


@router.put("/me/notification-preferences", response={200: PreferencesOut, **ERRORS})
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    """Change the caller's preferences. The chat URL is checked like a webhook URL (https,
    public address) and never returned."""
    data = payload.dict(exclude_unset=True)
    if "kinds" in data and data["kinds"] is not None:
        data["kinds"] = [k.dict() for k in payload.kinds or []]
    pref = preferences.update_preferences(
        actor=request.user, person=selectors.my_person(request.user), data=data
    )
    return _preferences_out(pref)


router.add_router("", nudges_router)
router.add_router("", integrations_router)
