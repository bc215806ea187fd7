"""axe-core (WCAG 2.2 AA) for the browser tests: ``axe_violations(page)`` and a crawler.

axe-core comes from the npm registry (``package.json``; ``make test`` runs ``npm ci``). It
is evaluated in the page through Playwright, not injected as a ``<script>``, so Tandem's
Content-Security-Policy needs no exception for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Links the crawler never follows: they sign out, download files or change state on GET.
_SKIP = re.compile(
    r"/accounts/logout/|/api/v1/|\.(csv|ics|json|xlsx|pdf)$|/static/|/healthz|/readyz"
    r"|/admin/|/unsubscribe/"
)
_ID = re.compile(r"/\d+(?=/|$)")


def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} is missing: run `npm ci` (make test does) to install axe-core")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the current page; return its WCAG 2.2 A/AA violations (empty = clean)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def describe(violations_by_url: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for url, violations in violations_by_url.items():
        for violation in violations:
            lines.append(f"{url}: {violation['id']} — {violation['help']} {violation['targets']}")
    return "\n".join(lines)


def page_pattern(path: str) -> str:
    """``/programs/12/participants/`` → ``/programs/{id}/participants/``: one visit a shape."""
    return _ID.sub("/{id}", path)


def same_site_links(page: Any, origin: str) -> Iterable[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        url, _ = urldefrag(href)
        parsed = urlparse(url)
        if url.startswith(origin) and not _SKIP.search(parsed.path):
            yield parsed.path + (f"?{parsed.query}" if parsed.query else "")


def crawl(page: Any, origin: str, start: str, limit: int = 60) -> dict[str, list[dict[str, Any]]]:
    """Visit pages reachable from ``start`` (one per URL shape), run axe on each.

    Returns ``{path: violations}`` for every page visited (empty lists for clean pages).
    """
    seen_shapes: set[str] = set()
    queue = [start]
    results: dict[str, list[dict[str, Any]]] = {}
    while queue and len(results) < limit:
        path = queue.pop(0)
        shape = page_pattern(path.split("?")[0])
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(f"{origin}{path}")
        if response is None or response.status >= 400:
            continue
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            continue
        page.wait_for_load_state()
        results[path] = axe_violations(page)
        queue.extend(link for link in same_site_links(page, origin) if link not in results)
    return results
