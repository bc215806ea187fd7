"""The in-app notification feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    feed = selectors.list_my_notifications(request.user)
    page = Paginator(feed, 30).get_page(request.GET.get("page"))
    return render(request, "engagement/notifications.html", {"page": page})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(actor=request.user)
    return redirect("engagement:notifications")
