"""A program manager on relationship pages: told why they see the program view, and the menu
says Programs, not My mentoring; the Programs page opens on the programs they run."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _browser(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _current_menu(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" class="current" aria-current="page">', html)


def test_a_manager_opening_a_relationship_is_told_why_they_see_the_program_view(pair):
    response = _browser(pair.manager).get(f"/relationships/{pair.relationship.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/relationships/program/{pair.program.pk}/#relationship-{pair.relationship.pk}"
    )
    page = (
        _browser(pair.manager)
        .get(f"/relationships/{pair.relationship.pk}/", follow=True)
        .content.decode()
    )
    assert "private to them, so here is its row in the program view" in page
    assert f'id="relationship-{pair.relationship.pk}"' in page


def test_the_program_relationships_page_highlights_programs_in_the_menu(pair):
    from django.test import RequestFactory

    from tandem.web.context_processors import _current_url, nav_section

    request = RequestFactory().get(f"/relationships/program/{pair.program.pk}/")
    request.user = pair.manager.user
    assert _current_url(request) == "/relationships/"
    nav_section(request, "programs:list")
    assert _current_url(request) == "/programs/"
    html = _browser(pair.manager).get(f"/relationships/program/{pair.program.pk}/").content.decode()
    assert set(_current_menu(html)) == {"/programs/"}


def test_a_manager_s_programs_page_opens_on_the_programs_they_run(pair):
    ProgramFactory(status="enrolling")
    html = _browser(pair.manager).get("/programs/").content.decode()
    assert 'href="?scope=mine" class="current"' in html
    assert pair.program.name in html


def test_someone_who_runs_no_program_opens_on_what_is_open_to_them(pair):
    html = _browser(pair.mentee).get("/programs/").content.decode()
    assert 'href="?scope=open" class="current"' in html
