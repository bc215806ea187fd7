"""The UI shell: home page, navigation by role, error pages, static assets served locally."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.web import home
from tandem.web.views import error_500

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee_client(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    return client


@pytest.fixture
def admin_client(admin_person):
    client = Client()
    client.force_login(admin_person.user)
    return client


def test_an_anonymous_visitor_is_sent_to_the_login_page_from_home():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=/")


def test_home_welcomes_the_person_by_name_and_links_to_their_profile_and_the_directory(
    employee_client, employee_person
):
    html = employee_client.get("/").content.decode()
    assert "Welcome, Eve Employee" in html
    assert reverse("people:person", args=[employee_person.pk]) in html
    assert reverse("people:directory") in html


def test_an_employee_sees_no_admin_navigation_or_admin_cards(employee_client):
    html = employee_client.get("/").content.decode()
    assert reverse("accounts:roles") not in html
    assert reverse("accounts:audit") not in html
    assert reverse("people:import") not in html
    assert "Administration" not in html


def test_an_org_admin_sees_admin_navigation_and_quick_links(admin_client):
    html = admin_client.get("/").content.decode()
    for url in (reverse("accounts:roles"), reverse("accounts:audit"), reverse("people:import")):
        assert html.count(f'href="{url}"') >= 2  # in the admin menu and as a home card
    assert 'id="admin-cards"' in html


def test_the_current_page_is_marked_in_the_navigation(employee_client):
    html = employee_client.get(reverse("people:directory")).content.decode()
    assert re.search(r'<a href="/people/" class="current" aria-current="page">People</a>', html)


def test_every_page_has_a_skip_link_a_user_menu_and_a_logout_form_that_posts(employee_client):
    html = employee_client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert 'id="main"' in html
    assert reverse("people:my_profile") in html
    assert reverse("accounts:tokens") in html
    assert reverse("accounts:password_change") in html
    logout = re.search(
        r'<form method="post" action="/accounts/logout/".*?</form>', html, flags=re.DOTALL
    )
    assert logout is not None
    assert "csrfmiddlewaretoken" in logout.group(0)


def test_pages_load_css_htmx_and_scripts_from_tandem_itself_never_a_cdn(employee_client):
    html = employee_client.get("/").content.decode()
    assert "/static/web/css/tandem.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "/static/web/js/tandem.js" in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


@pytest.mark.parametrize(
    "path",
    [
        "/static/web/css/tandem.css",
        "/static/web/js/tandem.js",
        "/static/web/favicon.svg",
        "/static/django_htmx/htmx-2.min.js",
    ],
)
def test_static_assets_are_served_locally(path):
    response = Client().get(path)
    assert response.status_code == 200


def test_the_logout_button_signs_the_user_out(employee_client):
    response = employee_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert employee_client.get("/").status_code == 302


def test_flash_messages_are_shown_once(admin_client, employee_person):
    response = admin_client.post(
        reverse("accounts:roles"), {"user_id": employee_person.user.pk}, follow=True
    )
    html = response.content.decode()
    assert 'class="message message-success"' in html
    assert f"Roles of {employee_person.user.email} saved." in html
    assert "saved." not in admin_client.get("/").content.decode()


def test_an_unknown_page_renders_the_404_page_inside_the_shell(employee_client):
    response = employee_client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="topbar"' in html


def test_a_refused_page_renders_the_403_page_with_the_reason(employee_client):
    response = employee_client.get(reverse("accounts:roles"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You can’t open this page" in html
    assert "Only org admins can manage roles." in html


def test_the_500_page_renders_without_the_database_or_the_request():
    response = error_500(None)  # type: ignore[arg-type]
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_apps_can_add_sections_to_the_home_page(employee_client, monkeypatch):
    section = home.HomeSection("web/_messages.html", lambda request: {"hello": "x"}, order=1)
    hidden = home.HomeSection("web/does-not-exist.html", lambda request: None)
    monkeypatch.setattr(home, "HOME_SECTIONS", [hidden, section])
    response = employee_client.get("/")
    assert response.status_code == 200
    assert response.context["sections"] == [
        {"template": "web/_messages.html", "context": {"hello": "x"}, "head": "", "csp_update": {}}
    ]


def test_a_visible_home_section_adds_its_head_and_content_security_policy(
    employee_client, monkeypatch
):
    extra = {"style-src": ["'sha256-abc='"]}
    shown = home.HomeSection(
        "web/_messages.html", lambda request: {}, head="insights/_head.html", csp_update=extra
    )
    hidden = home.HomeSection(
        "web/_messages.html", lambda request: None, csp_update={"img-src": ["https://x.test"]}
    )
    monkeypatch.setattr(home, "HOME_SECTIONS", [shown, hidden])
    response = employee_client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'sha256-abc='" in policy and "x.test" not in policy
    assert "/insights/vendor/plotly.min.js" in response.content.decode()


def test_a_login_without_a_directory_entry_is_told_so_on_the_home_page(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(email="lonely@example.org"))
    html = client.get("/").content.decode()
    assert "is not linked to anyone in the directory" in html
