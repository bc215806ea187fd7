"""In a real browser: the API docs work offline, and the policy blocks nothing Tandem needs.

The ``page`` fixture fails a test on any request outside Tandem, any JavaScript error (a
Content-Security-Policy violation is one) and any page without the policy header.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_swagger_ui_without_anything_from_outside(page, live_server):
    page.goto(f"{live_server.url}/api/v1/docs")
    # Swagger UI lays out a 390 KB schema: on a busy 2-core machine that takes over 10 s.
    page.wait_for_selector(".swagger-ui .info .title", timeout=45_000)
    assert "Tandem API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")  # the operations, read from /api/v1/openapi.json


def test_an_inline_script_injected_into_a_page_is_refused_by_the_policy(browser, live_server):
    context = browser.new_context()  # not the ``page`` fixture: this refusal is expected
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.head.appendChild(s); }"""
    )
    assert page.evaluate("() => window.injected === undefined")
    assert any("Content Security Policy" in text for text in refused)
    context.close()
