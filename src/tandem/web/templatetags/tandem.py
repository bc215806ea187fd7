"""Tandem's template helpers: ``{% load tandem %}``.

Filters: ``initials``, ``local_time``, ``score_pct``, ``badge_for_status``, ``audit_diff``,
``where``, ``optional`` (a bound field whose label says "(optional)"), ``others_than`` (a
relationship's members other than the viewer).
Tags: ``{% pagination page %}``, ``{% level_dots level %}``, ``{% capture as name %}``,
``{% now_in zone %}``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zoneinfo
from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils import timezone
from django.utils.safestring import mark_safe

from tandem.core import clock
from tandem.core.forms import is_optional

register = template.Library()

MAX_LEVEL = 5

_STATUS_BADGES: dict[str, str] = {
    # going well / done
    "active": "badge-green",
    "approved": "badge-green",
    "matched": "badge-green",
    "accepted": "badge-green",
    "published": "badge-green",
    "completed": "badge-green",
    "complete": "badge-green",
    "done": "badge-green",
    "achieved": "badge-green",
    "healthy": "badge-green",
    # in flight
    "applied": "badge-blue",
    "pending": "badge-blue",
    "enrolling": "badge-blue",
    "requested": "badge-blue",
    "proposed": "badge-blue",
    "scheduled": "badge-blue",
    "in_progress": "badge-blue",
    "running": "badge-blue",
    "open": "badge-blue",
    "matching": "badge-amber",
    # needs attention
    "waitlisted": "badge-amber",
    "paused": "badge-amber",
    "leave": "badge-amber",
    "on_leave": "badge-amber",
    "at_risk": "badge-amber",
    "review": "badge-amber",
    "overdue": "badge-red",
    "declined": "badge-red",
    "rejected": "badge-red",
    "failed": "badge-red",
    # over
    "withdrawn": "badge-grey",
    "ended": "badge-grey",
    "closed": "badge-grey",
    "cancelled": "badge-grey",
    "canceled": "badge-grey",
    "expired": "badge-grey",
    "terminated": "badge-grey",
    "archived": "badge-grey",
    "draft": "badge-grey",
}


@register.filter
def initials(name: Any) -> str:
    """ "Ada King Lovelace" → "AL"; one word → its first letter; empty → "?"."""
    words = [w for w in str(name or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


def _zone(name: Any) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


@register.filter
def local_time(value: Any, zone: Any = "UTC") -> str:
    """An aware datetime shown in the IANA ``zone``: "3 Mar 2025, 14:30 GMT"."""
    if not isinstance(value, dt.datetime):
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    local = value.astimezone(_zone(zone))
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip()


@register.simple_tag
def now_in(zone: Any, fmt: str = "%H:%M") -> str:
    """The current time in an IANA zone, e.g. ``{% now_in person.time_zone %}`` → "14:30"."""
    return clock.now().astimezone(_zone(zone)).strftime(fmt)


@register.filter
def score_pct(value: Any) -> int:
    """A 0..1 score as an integer percent, clamped to 0..100 (bad input → 0)."""
    return round(_clamped(value, 1.0) * 100)


@register.filter
def points(value: Any) -> str:
    """A difference of two shares in signed percentage points, one decimal, with a true
    minus sign: 0.038 → "+3.8", -0.0481 → "−4.8" (bad input → "—")."""
    try:
        number = round(float(value) * 100, 1)
    except (TypeError, ValueError):
        return "—"
    if number == 0:
        return "0.0"
    return f"{'+' if number > 0 else '−'}{abs(number):.1f}"


@register.filter
def pct(value: Any) -> int:
    """A 0..100 number as an integer percent, clamped (bad input → 0): ``pct-{{ n|pct }}``."""
    return round(_clamped(value, 100.0))


def _clamped(value: Any, top: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(number) else max(0.0, min(top, number))


@register.filter
def badge_for_status(status: Any) -> str:
    """The badge modifier class for a status string: ``badge-green`` … ``badge-grey``."""
    key = str(status or "").strip().lower().replace("-", "_").replace(" ", "_")
    return _STATUS_BADGES.get(key, "badge-grey")


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value == "":
        return "(empty)"
    return str(value)


@register.filter
def audit_diff(entry: Any) -> list[dict[str, Any]]:
    """Rows ``{field, before, after, kind}`` for an audit entry (kind: added/removed/changed)."""
    before = entry.before if isinstance(getattr(entry, "before", None), dict) else {}
    after = entry.after if isinstance(getattr(entry, "after", None), dict) else {}
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in before and key in after:
            kind = "changed" if before[key] != after[key] else "same"
        else:
            kind = "added" if key in after else "removed"
        rows.append(
            {
                "field": key,
                "before": _show(before.get(key)) if key in before else "",
                "after": _show(after.get(key)) if key in after else "",
                "kind": kind,
            }
        )
    return rows


@register.filter
def where(items: Any, condition: str) -> list[Any]:
    """Items whose attribute equals a value: ``skills|where:"kind:expertise"``."""
    name, _, expected = str(condition).partition(":")
    return [item for item in items or [] if str(getattr(item, name, "")) == expected]


def _page_url(query: QueryDict, number: int) -> str:
    params = query.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.inclusion_tag("web/_pagination.html", takes_context=True)
def pagination(context: Context, page: Page[Any]) -> dict[str, Any]:
    """Previous / numbered / next links for a Django ``Page``, keeping the other query params."""
    request = context.get("request")
    query = request.GET if request is not None else QueryDict()
    paginator = page.paginator
    links: list[dict[str, Any]] = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if isinstance(number, int):
            links.append({"number": number, "url": _page_url(query, number)})
        else:
            links.append({"ellipsis": True})
    return {
        "page": page,
        "links": links,
        "previous_url": _page_url(query, page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": _page_url(query, page.next_page_number()) if page.has_next() else "",
    }


@register.inclusion_tag("web/_level_dots.html")
def level_dots(level: Any, maximum: int = MAX_LEVEL) -> dict[str, Any]:
    """Five dots, the first ``level`` filled, with an accessible "Level 3 of 5" label."""
    try:
        value = max(0, min(int(level), maximum))
    except (TypeError, ValueError):
        value = 0
    return {"level": value, "maximum": maximum, "dots": [i < value for i in range(maximum)]}


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: Context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """``{% capture as name %}…{% endcapture %}`` renders its body into ``name`` (trimmed)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def optional(bound_field: Any) -> bool:
    return is_optional(bound_field.field)


@register.filter
def others_than(members: Any, user: Any) -> list[Any]:
    """Members (``relationship.members.all``) whose person is not the viewer's login."""
    pk = getattr(user, "pk", None)
    return [m for m in members if m.participant.person.user_id != pk]
