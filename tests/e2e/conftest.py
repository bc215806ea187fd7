"""Browser tests: Playwright (sync API) drives Debian's Chromium against ``live_server``.

Fixtures: ``browser`` (one Chromium per session), ``page`` (desktop, 1280px) and
``mobile_page`` (390px), ``demo_org`` (the seeded demo organisation), ``login`` and
``screenshot``. Pages fail the test when the browser asks for anything outside Tandem (no CDN)
or logs a JavaScript error.

``TANDEM_E2E_SLOW_MS=N`` makes the live server answer every request N ms late, and send
pages in parts (see ``SlowServer``), like a loaded CI machine: a test that reads the page
before the response of its last action has arrived fails there every time instead of once in
a while on CI.
Tests must never read without waiting: after an action, ``expect`` something only its
resulting page shows before any ``count()``, ``is_visible()``, ``page.content()`` or ORM query.
"""

from __future__ import annotations

import io
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse

# Playwright's sync API runs an asyncio loop in this thread; the ORM calls Django makes from
# the tests (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# An IPv4 address, not "localhost": Chromium would try ::1 first on every request.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "tandem-demo"
DESKTOP = {"width": 1280, "height": 860}
MOBILE = {"width": 390, "height": 844}
MAX_SHOT_HEIGHT = 2400  # long pages are cut: the top is what a reviewer looks at
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SLOW_MS = int(os.environ.get("TANDEM_E2E_SLOW_MS") or 0)


class SlowServer:
    """Middleware for ``TANDEM_E2E_SLOW_MS``: a slow server, and pages that arrive in parts.

    Half the delay comes before the view runs (the write happens late); a full page then
    arrives in three parts, up to its ``<h1>`` and two halves of the rest, with a quarter of
    the delay between them: the browser shows a page whose heading is there and whose content
    is not yet, the window in which a non-waiting read goes wrong.
    Other answers (htmx fragments, redirects, files) get the second half before they are sent.
    Static files are not slowed.
    """

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        pause = SLOW_MS / 2000
        time.sleep(pause)
        response = self.get_response(request)
        cut = -1
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and "HX-Request" not in request.headers
        ):
            cut = response.content.find(b"</h1>")
        if cut < 0:
            time.sleep(pause)
            return response
        body = response.content
        cut += len(b"</h1>")
        middle = (cut + len(body)) // 2

        def parts() -> Iterator[bytes]:  # the rest of the page in two halves
            yield body[:cut]
            time.sleep(pause / 2)
            yield body[cut:middle]
            time.sleep(pause / 2)
            yield body[middle:]

        streamed = StreamingHttpResponse(parts(), status=response.status_code)
        for header, value in response.items():
            streamed[header] = value
        streamed.cookies = response.cookies
        return streamed


if SLOW_MS:
    # Before the session's live server builds its handler, which reads MIDDLEWARE once.
    settings.MIDDLEWARE = ["tests.e2e.conftest.SlowServer", *settings.MIDDLEWARE]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover — playwright is a dev dependency
        pytest.skip("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class PageProblems:
    """What a page did wrong: requests leaving Tandem, JavaScript errors."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.external: list[str] = []
        self.errors: list[str] = []

    def request(self, request: Any) -> None:
        # Observed, not intercepted: page.route() would add a Python round trip per request.
        url = request.url
        if urlparse(url).scheme not in {"data", "blob", "about"} and not url.startswith(
            self.origin
        ):
            self.external.append(url)

    def console(self, message: Any) -> None:
        # Failed loads are judged by ``response`` below: a 403 page is fine, a missing CSS is not.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")
        if response.request.resource_type == "document" and response.url.startswith(self.origin):
            policy = response.headers.get("content-security-policy", "")
            if "frame-ancestors 'none'" not in policy:
                self.errors.append(f"no Content-Security-Policy on {response.url}")


def _open_page(browser: Any, live_server: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems(live_server.url)
    page.on("request", problems.request)
    page.on("console", problems.console)
    page.on("response", problems.response)
    page.on("pageerror", lambda error: problems.errors.append(str(error)))
    yield page
    context.close()
    assert problems.external == [], (
        f"the page asked for resources outside Tandem: {problems.external}"
    )
    assert problems.errors == [], f"JavaScript errors: {problems.errors}"


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    yield from _open_page(browser, live_server, DESKTOP)


@pytest.fixture
def mobile_page(browser: Any, live_server: Any) -> Iterator[Any]:
    yield from _open_page(browser, live_server, MOBILE)


DEMO_ROLES = ("admin", "manager", "mentor", "mentee", "employee")


def _tiny_org() -> None:
    """A dozen people with the demo logins: the fallback when ``tandem demo`` is broken."""
    from tandem.accounts.models import User
    from tandem.people.models import Person, Skill

    for name, category in (("SQL", "Data"), ("Negotiation", "Business"), ("Python", "Tech")):
        Skill.objects.get_or_create(name=name, defaults={"category": category})
    ceo = Person.objects.create(
        employee_id="T1", email="ceo@demo.tandem.test", full_name="Cleo Chief"
    )
    rows = [
        ("admin", "Ada Admin", "People", ceo),
        ("manager", "Max Manager", "People", ceo),
        ("mentor", "Mona Mentor", "Engineering", ceo),
        ("mentee", "Milo Mentee", "Data", None),
        ("employee", "Eve Employee", "Sales", None),
    ]
    people = {}
    for n, (role, name, dept, manager) in enumerate(rows, start=2):
        email = f"{role}@demo.tandem.test"
        user = User.objects.create_user(email, DEMO_PASSWORD, is_org_admin=role == "admin")
        people[role] = Person.objects.create(
            employee_id=f"T{n}",
            email=email,
            full_name=name,
            department=dept,
            location="London",
            manager=manager or people["mentor"],
            user=user,
            title=f"{dept} lead",
        )
    for n, name in enumerate(["Nia North", "Omar Ortiz", "Pia Park", "Quinn Quay", "Rae Reed"]):
        Person.objects.create(
            employee_id=f"T{10 + n}",
            email=f"p{n}@demo.tandem.test",
            full_name=name,
            department=["Sales", "Data", "Engineering"][n % 3],
            location=["Lisbon", "Berlin"][n % 2],
            manager=people["mentor"],
            title="Specialist",
        )


def _load_demo() -> None:
    try:
        call_command("demo", size=60, seed=7, stdout=io.StringIO())
    except Exception as exc:
        print(f"tandem demo failed ({exc!r}); using the tiny e2e organisation")
        call_command("flush", interactive=False, verbosity=0)
        _tiny_org()


_snapshot: dict[str, sqlite3.Connection] = {}


@pytest.fixture
def demo_org(transactional_db: Any) -> dict[str, str]:
    """The seeded demo organisation (``tandem demo``); returns the demo logins, role → email.

    On SQLite the demo runs once per session and later tests restore a copy of it with SQLite's
    backup API (milliseconds instead of seconds). If the demo command fails (it is being worked
    on), the tests fall back to a tiny organisation with the same logins, and say so.
    """
    if connection.vendor != "sqlite":
        _load_demo()
    elif "demo" not in _snapshot:
        _load_demo()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.ensure_connection()
        connection.connection.backup(copy)
        _snapshot["demo"] = copy
    else:
        connection.ensure_connection()
        _snapshot["demo"].backup(connection.connection)
        ContentType.objects.clear_cache()
    return {role: f"{role}@demo.tandem.test" for role in DEMO_ROLES}


def do_login(page: Any, live_server: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait for the home page (signs out anyone first)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(page, live_server, email, password="tandem-demo")``."""
    return do_login


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path | None]:
    """``screenshot(page, name)`` saves screenshots/<name>-<width>.png when TANDEM_SCREENSHOTS=1."""

    def take(page: Any, name: str) -> Path | None:
        if os.environ.get("TANDEM_SCREENSHOTS") != "1":
            return None
        page.wait_for_load_state()  # a heading can be on screen before the rest of the page
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
        width = page.viewport_size["width"]
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SHOT_HEIGHT)
        clip = {"x": 0, "y": 0, "width": width, "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip, timeout=60_000)
        return path

    return take
