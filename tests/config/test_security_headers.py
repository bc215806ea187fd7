"""Every response carries a strict Content-Security-Policy; the API docs need nothing outside."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "tandem"
_PARAM = re.compile(r"<[^>]+>|\(\?P<")


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def _plain_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL of the site that takes no parameter (one GET each)."""
    resolver = resolver or get_resolver()
    paths: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if _PARAM.search(route) or "^" in route or "$" in route:
            continue
        if isinstance(entry, URLResolver):
            paths.extend(_plain_paths(entry, route))
        elif isinstance(entry, URLPattern):
            paths.append("/" + route)
    return sorted(set(paths))


def test_every_page_without_parameters_sends_a_strict_policy_for_anonymous_and_admins(
    admin_person,
):
    admin = Client()
    admin.force_login(admin_person.user)
    paths = [p for p in _plain_paths() if "logout" not in p]
    assert len(paths) > 20, paths
    for client in (Client(), admin):
        for path in paths:
            response = client.get(path)
            assert "Content-Security-Policy" in response, path
            policy = _policy(response)
            assert policy["frame-ancestors"] == ["'none'"], path
            assert policy["script-src"] == ["'self'"], path
            assert policy["object-src"] == ["'none'"], path
            assert response["X-Frame-Options"] == "DENY", path


def test_the_policy_allows_neither_inline_script_nor_inline_style_on_pages(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    policy = _policy(client.get("/"))
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert "'unsafe-eval'" not in str(policy)


def test_a_home_with_the_dashboard_allows_only_the_chart_library_styles_by_hash(admin_person):
    from tandem.insights.charts import PLOTLY_CSP

    client = Client()
    client.force_login(admin_person.user)
    policy = _policy(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", *PLOTLY_CSP["style-src"]]
    assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)


def test_templates_have_no_inline_script_style_attribute_or_event_handler():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle=\"", r"\son[a-z]+=\""):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(SRC)}: {pattern}")
    assert offenders == []


def test_the_api_docs_page_loads_swagger_ui_from_tandem_itself():
    response = Client().get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the docs page loads from outside"
    assert _policy(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
        "/static/ninja/favicon.svg",
    ],
)
def test_swagger_ui_assets_are_served_locally(path):
    response = Client().get(path)
    assert response.status_code == 200
