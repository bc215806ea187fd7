"""Navigation by role, available to every template as ``nav``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from tandem.core.permissions import can_view_audit_log, is_authenticated, is_org_admin


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Any], bool]


def _everyone(user: Any) -> bool:
    return is_authenticated(user)


# Apps append their entries here (in their AppConfig.ready) so the menu grows with the product.
NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "web:home", _everyone),
    NavItem("People", "people:directory", _everyone),
]
# Menus of their own in the top bar (a dropdown; a heading in the phone menu), so the bar fits
# 1280 px however many apps add pages: {"Learning": [NavItem(...), ...]}.
NAV_GROUPS: dict[str, list[NavItem]] = {}
ADMIN_ITEMS: list[NavItem] = [
    NavItem("Import people", "people:import", is_org_admin),
    NavItem("Provisioning (SCIM)", "people:provisioning", is_org_admin),
    NavItem("Roles", "accounts:roles", is_org_admin),
    NavItem("Single sign-on", "accounts:sso_settings", is_org_admin),
    NavItem("Sign-in locks", "accounts:signin_locks", is_org_admin),
    NavItem("Audit log", "accounts:audit", can_view_audit_log),
]


def _matches(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _links(items: list[NavItem], request: HttpRequest, current_url: str) -> list[dict[str, Any]]:
    links = []
    for item in items:
        url = _url(item)
        if url is None or not item.visible(request.user):
            continue
        links.append({"label": item.label, "url": url, "current": url == current_url})
    return links


def _url(item: NavItem) -> str | None:
    try:
        return reverse(item.url_name)
    except NoReverseMatch:
        return None


def nav_section(request: HttpRequest, url_name: str) -> None:
    """Highlight another menu entry than the path suggests: a program's relationship table
    lives under /relationships/ but belongs to Programs, not My mentoring."""
    request.nav_current = url_name  # type: ignore[attr-defined]


def _current_url(request: HttpRequest) -> str:
    """The longest menu URL the path starts with: /people/import/ is Import, not People."""
    chosen = getattr(request, "nav_current", None)
    if chosen:
        try:
            return reverse(chosen)
        except NoReverseMatch:
            pass
    grouped = [item for items in NAV_GROUPS.values() for item in items]
    urls = [u for item in NAV_ITEMS + grouped + ADMIN_ITEMS if (u := _url(item)) is not None]
    matching = [u for u in urls if _matches(u, request.path)]
    return max(matching, key=len, default="")


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not is_authenticated(getattr(request, "user", None)):
        return {"nav": [], "nav_groups": [], "admin_nav": []}
    current = _current_url(request)
    groups = []
    for label, items in NAV_GROUPS.items():
        links = _links(items, request, current)
        if links:
            current_here = any(link["current"] for link in links)
            groups.append({"label": label, "items": links, "current": current_here})
    return {
        "nav": _links(NAV_ITEMS, request, current),
        "nav_groups": groups,
        "admin_nav": _links(ADMIN_ITEMS, request, current),
    }
