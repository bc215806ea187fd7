"""Chat channels and outbound webhooks — /api/v1/programs/{id}/channels, /channels,
/webhooks, /deliveries. Sending happens in the worker, never in the request."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, InputSchema
from tandem.core.pagination import PagePagination

from . import chat, selectors, webhooks
from .events import EVENTS
from .models import ChatChannel, WebhookEndpoint

router = Router()
if TYPE_CHECKING:  # the members are known at run time only (registries)
    ChatEvent = str
    WebhookEvent = str
else:
    ChatEvent = Literal[tuple(chat.EVENTS)]
    WebhookEvent = Literal[tuple(EVENTS)]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
URL = r"^https?://[^\s/]+\S*$"
URL_HELP = "https to a public address (http and private addresses only if the operator allows)"


def mask(url: str) -> str:
    """Incoming-webhook URLs are secrets: show the host and the last characters only."""
    head, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    return f"{head}://{host}/…{url[-4:]}" if "/" in rest else url


class ChannelIn(InputSchema):
    kind: Literal["slack", "teams"]
    url: str = Field(..., min_length=10, max_length=500, description=URL_HELP, pattern=URL)
    events: list[ChatEvent] = Field(..., min_length=1, max_length=10)
    name: str = Field("", max_length=100)


class ChannelOut(Schema):
    id: int
    program_id: int | None
    kind: str
    name: str
    url: str
    events: list[str]
    enabled: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_url(obj: ChatChannel) -> str:
        return mask(obj.url)


class PostOut(Schema):
    id: int
    event: str
    text: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


@router.get("/programs/{program_id}/channels", response={200: list[ChannelOut], **ERRORS})
def list_program_channels(request: HttpRequest, program_id: int) -> Any:
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    return list(selectors.list_program_channels(program))


@router.post("/programs/{program_id}/channels", response={201: ChannelOut, **ERRORS})
def create_program_channel(
    request: HttpRequest, program_id: int, payload: ChannelIn
) -> Status[Any]:
    """Post the program's announcements, celebrations or weekly summary to a Slack or Teams
    incoming webhook (never private content)."""
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    channel = chat.create_channel(actor=request.user, program=program, **payload.dict())
    return Status(201, channel)


@router.get("/channels", response={200: list[ChannelOut], **ERRORS})
def list_org_channels(request: HttpRequest) -> Any:
    """Organisation-wide channels: every program's posts (org admins)."""
    selectors.require_webhook_admin(request.user)
    return list(selectors.list_org_channels())


@router.post("/channels", response={201: ChannelOut, **ERRORS})
def create_org_channel(request: HttpRequest, payload: ChannelIn) -> Status[Any]:
    selectors.require_webhook_admin(request.user)
    channel = chat.create_channel(actor=request.user, program=None, **payload.dict())
    return Status(201, channel)


@router.delete("/channels/{channel_id}", response={204: None, **ERRORS})
def delete_channel(request: HttpRequest, channel_id: int) -> Status[None]:
    channel = selectors.access_channel_by_id(actor=request.user, channel_id=channel_id)
    chat.delete_channel(actor=request.user, channel=channel)
    return Status(204, None)


@router.post("/channels/{channel_id}/test", response={202: PostOut, **ERRORS})
def test_channel(request: HttpRequest, channel_id: int) -> Status[Any]:
    """Queue a test message; the worker sends it (see ``/channels/{id}/posts``)."""
    channel = selectors.access_channel_by_id(actor=request.user, channel_id=channel_id)
    post = chat.send_test_message(actor=request.user, channel=channel)
    post.refresh_from_db()
    return Status(202, post)


@router.get("/channels/{channel_id}/posts", response={200: list[PostOut], **ERRORS})
@paginate(PagePagination)
def channel_posts(request: HttpRequest, channel_id: int):  # type: ignore[no-untyped-def]
    channel = selectors.access_channel_by_id(actor=request.user, channel_id=channel_id)
    return channel.posts.all()


# --- webhooks ------------------------------------------------------------------------------


class EventOut(Schema):
    name: str
    description: str


class WebhookIn(InputSchema):
    url: str = Field(..., min_length=10, max_length=500, description=URL_HELP, pattern=URL)
    events: list[WebhookEvent] = Field(..., min_length=1, max_length=len(EVENTS))
    description: str = Field("", max_length=200)


class WebhookPatch(InputSchema):
    url: str | None = Field(None, min_length=10, max_length=500, pattern=URL)
    events: list[WebhookEvent] | None = Field(None, min_length=1, max_length=len(EVENTS))
    description: str | None = Field(None, max_length=200)
    enabled: bool | None = None
    rotate_secret: bool | None = Field(None, description="true: a new secret (shown once)")


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    enabled: bool
    disabled_reason: str
    created_at: dt.datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(..., description="whsec_…: shown once, keep it to verify signatures")


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    message_id: str
    event: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_response: str
    last_error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None


@router.get("/webhooks/events", response={200: list[EventOut], **ERRORS})
def webhook_events(request: HttpRequest) -> list[dict[str, str]]:
    """Every event a webhook can subscribe to."""
    return [{"name": name, "description": text} for name, text in EVENTS.items()]


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS})
def list_webhooks(request: HttpRequest) -> Any:
    return list(selectors.list_endpoints(request.user))


@router.post("/webhooks", response={201: WebhookCreatedOut, **ERRORS})
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Status[Any]:
    """Subscribe a URL (org admins). Deliveries follow Standard Webhooks; the secret is
    returned here only."""
    selectors.require_webhook_admin(request.user)
    endpoint = webhooks.create_endpoint(actor=request.user, **payload.dict())
    return Status(201, endpoint)


@router.get("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS})
def get_webhook(request: HttpRequest, webhook_id: int) -> WebhookEndpoint:
    return selectors.access_endpoint_by_id(actor=request.user, endpoint_id=webhook_id)


@router.patch("/webhooks/{webhook_id}", response={200: WebhookCreatedOut, **ERRORS})
def patch_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatch) -> Any:
    """Change the URL, events, description; enable or disable; rotate the secret (the
    response carries the current secret)."""
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=webhook_id)
    return webhooks.update_endpoint(
        actor=request.user, endpoint=endpoint, data=payload.dict(exclude_unset=True)
    )


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS})
def delete_webhook(request: HttpRequest, webhook_id: int) -> Status[None]:
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=webhook_id)
    webhooks.delete_endpoint(actor=request.user, endpoint=endpoint)
    return Status(204, None)


@router.post("/webhooks/{webhook_id}/test", response={202: DeliveryOut, **ERRORS})
def test_webhook(request: HttpRequest, webhook_id: int) -> Status[Any]:
    """Queue a ``webhook.test`` event to this endpoint."""
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=webhook_id)
    delivery = webhooks.send_test_event(actor=request.user, endpoint=endpoint)
    delivery.refresh_from_db()
    return Status(202, delivery)


@router.get("/webhooks/{webhook_id}/deliveries", response={200: list[DeliveryOut], **ERRORS})
@paginate(PagePagination)
def list_deliveries(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    webhook_id: int,
    status: Literal["pending", "succeeded", "failed"] | None = None,
):
    """The endpoint's delivery log, newest first."""
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=webhook_id)
    rows = selectors.list_deliveries(endpoint)
    return rows.filter(status=status) if status else rows


@router.post("/deliveries/{delivery_id}/redeliver", response={202: DeliveryOut, **ERRORS})
def redeliver(request: HttpRequest, delivery_id: int) -> Status[Any]:
    """Send a delivery again (same ``webhook-id``), with a fresh retry schedule."""
    delivery = selectors.access_delivery_by_id(actor=request.user, delivery_id=delivery_id)
    delivery = webhooks.redeliver(actor=request.user, delivery=delivery)
    delivery.refresh_from_db()
    return Status(202, delivery)
