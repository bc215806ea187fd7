"""Chat channels (a program's, the organisation's) and webhook endpoints (org admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.programs.models import Program

from . import chat, selectors, webhooks
from .api_integrations import mask
from .forms import ChannelForm, WebhookForm


def _channels_page(request: HttpRequest, program: Program | None) -> HttpResponse:
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chat.create_channel(actor=request.user, program=program, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Channel added. Send a test message to check it.")
            return redirect(request.path)
    channels = list(
        selectors.list_org_channels()
        if program is None
        else selectors.list_program_channels(program)
    )
    rows = [
        {"channel": c, "url": mask(c.url), "posts": selectors.recent_posts(c, 5)} for c in channels
    ]
    return render(
        request,
        "engagement/channels.html",
        {"program": program, "form": form, "rows": rows, "events": chat.EVENTS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_channels(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    return _channels_page(request, program)


@login_required
@require_http_methods(["GET", "POST"])
def org_channels(request: HttpRequest) -> HttpResponse:
    selectors.require_webhook_admin(request.user)
    return _channels_page(request, None)


def _back(channel_program_id: int | None) -> HttpResponse:
    if channel_program_id is None:
        return redirect("engage:org_channels")
    return redirect("engage:program_channels", program_id=channel_program_id)


@login_required
@require_POST
def channel_test(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = selectors.access_channel_by_id(actor=request.user, channel_id=channel_id)
    chat.send_test_message(actor=request.user, channel=channel)
    messages.success(request, "Test message queued; its result appears under the channel.")
    return _back(channel.program_id)


@login_required
@require_POST
def channel_delete(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = selectors.access_channel_by_id(actor=request.user, channel_id=channel_id)
    program_id = channel.program_id
    chat.delete_channel(actor=request.user, channel=channel)
    messages.success(request, "Channel removed.")
    return _back(program_id)


# --- webhooks ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def webhooks_page(request: HttpRequest) -> HttpResponse:
    endpoints = list(selectors.list_endpoints(request.user))
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.create_endpoint(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _endpoint_page(request, endpoint.pk, secret=endpoint.secret)
    return render(request, "engagement/webhooks.html", {"endpoints": endpoints, "form": form})


def _endpoint_page(request: HttpRequest, endpoint_id: int, secret: str = "") -> HttpResponse:
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=endpoint_id)
    page = Paginator(selectors.list_deliveries(endpoint), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/webhook.html",
        {"endpoint": endpoint, "page": page, "secret": secret},
    )


@login_required
def webhook_page(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    return _endpoint_page(request, endpoint_id)


@login_required
@require_POST
def webhook_action(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """One POST endpoint for the page's buttons: test, enable, disable, rotate, delete."""
    endpoint = selectors.access_endpoint_by_id(actor=request.user, endpoint_id=endpoint_id)
    action = request.POST.get("action", "")
    if action == "test":
        webhooks.send_test_event(actor=request.user, endpoint=endpoint)
        messages.success(request, "Test event queued; it appears in the log below.")
    elif action in {"enable", "disable"}:
        webhooks.update_endpoint(
            actor=request.user, endpoint=endpoint, data={"enabled": action == "enable"}
        )
        messages.success(request, f"Endpoint {action}d.")
    elif action == "rotate":
        endpoint = webhooks.update_endpoint(
            actor=request.user, endpoint=endpoint, data={"rotate_secret": True}
        )
        return _endpoint_page(request, endpoint.pk, secret=endpoint.secret)
    elif action == "delete":
        webhooks.delete_endpoint(actor=request.user, endpoint=endpoint)
        messages.success(request, "Endpoint deleted.")
        return redirect("engage:webhooks")
    else:
        messages.error(request, "Unknown action.")
    return redirect("engage:webhook", endpoint_id=endpoint.pk)


@login_required
@require_POST
def redeliver(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = selectors.access_delivery_by_id(actor=request.user, delivery_id=delivery_id)
    try:
        webhooks.redeliver(actor=request.user, delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Delivery {delivery.message_id} queued again.")
    return redirect("engage:webhook", endpoint_id=delivery.endpoint_id)
