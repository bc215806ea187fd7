"""The notification feed, a person's notification settings, and one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core import clock
from tandem.core.errors import DomainError
from tandem.people.models import Person

from . import kinds, preferences, selectors, services
from .forms import PreferencesForm
from .timefmt import local
from .unsubscribe import ALL, read_token

PAGE_SIZE = 30


def kind_filters() -> list[tuple[str, str]]:
    """The top-level kinds a person can filter their feed by."""
    top: dict[str, str] = {}
    for kind in kinds.all_kinds():
        head = kind.key.split(".")[0]
        if head == "nudge":
            top.setdefault("nudge", "Reminders")
        elif head not in {"digest", "other"}:
            top.setdefault(head, kind.label)
    return sorted(top.items(), key=lambda item: item[1])


def _day_label(day: dt.date, today: dt.date) -> str:
    if day == today:
        return "Today"
    if day == today - dt.timedelta(days=1):
        return "Yesterday"
    return f"{day:%A} {day.day} {day:%B %Y}"


def _grouped(notes: list[Any], zone: str) -> list[dict[str, Any]]:
    today = local(clock.now(), zone).date()
    groups: list[dict[str, Any]] = []
    for note in notes:
        day = local(note.created_at, zone).date()
        if not groups or groups[-1]["day"] != day:
            groups.append({"day": day, "label": _day_label(day, today), "items": []})
        groups[-1]["items"].append(note)
    return groups


@login_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    filters = dict(kind_filters())
    kind = request.GET.get("kind", "")
    kind = kind if kind in filters else ""
    unread = request.GET.get("show") == "unread"
    feed = selectors.list_my_notifications(request.user, unread_only=unread, kind=kind)
    page = Paginator(feed, PAGE_SIZE).get_page(request.GET.get("page"))
    person = Person.objects.filter(user=request.user).first()  # type: ignore[misc]
    zone = person.time_zone if person else "UTC"
    context = {
        "page": page,
        "groups": _grouped(list(page.object_list), zone),
        "kinds": list(filters.items()),
        "kind": kind,
        "unread": unread,
        "unread_count": selectors.unread_count(request.user),
        "zone": zone,
    }
    return render(request, "engagement/notifications.html", context)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    kind = kind if kind in dict(kind_filters()) else ""
    marked = services.mark_read(actor=request.user, kind=kind)
    messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked as read.")
    target = reverse("engagement:notifications")
    return redirect(f"{target}?kind={kind}" if kind else target)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    person = selectors.my_person(request.user)
    pref = selectors.my_preferences(request.user)
    initial = {
        "digest": pref.digest,
        "digest_day": pref.digest_day,
        "digest_hour": pref.digest_hour,
        "quiet_hours_start": pref.quiet_hours_start,
        "quiet_hours_end": pref.quiet_hours_end,
        "chat_kind": pref.chat_kind,
        "chat_url": pref.chat_url,
    }
    form = PreferencesForm(
        request.POST or None, initial=initial, kinds=preferences.kinds_table(pref)
    )
    if request.method == "POST" and form.is_valid():
        try:
            preferences.update_preferences(
                actor=request.user, person=person, data=form.service_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("engagement:settings")
    with timezone.override(person.time_zone):
        now_there = timezone.localtime(clock.now())
    return render(
        request,
        "engagement/settings.html",
        {"form": form, "person": person, "now_there": now_there},
    )


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST applies."""
    found = read_token(token)
    person = Person.objects.filter(pk=found[0]).first() if found else None
    if person is None or found is None:
        return render(request, "engagement/unsubscribe.html", {"invalid": True}, status=404)
    kind_key = found[1]
    label = (
        "all emails that can be turned off" if kind_key == ALL else kinds.kind_for(kind_key).label
    )
    if request.method == "POST":
        done = preferences.unsubscribe(person=person, kind=kind_key)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return render(
            request, "engagement/unsubscribe.html", {"done": done, "label": label, "token": token}
        )
    return render(request, "engagement/unsubscribe.html", {"label": label, "token": token})
