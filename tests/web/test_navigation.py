"""The menu highlights exactly one entry: the most specific one for the current page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tandem.web.context_processors import navigation

pytestmark = pytest.mark.django_db


def _current(user, path: str) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    context = navigation(request)
    return [link["label"] for link in context["nav"] + context["admin_nav"] if link["current"]]


def test_the_import_page_highlights_import_and_not_people(admin_person):
    assert _current(admin_person.user, "/people/import/") == ["Import people"]


def test_a_person_page_highlights_people(admin_person):
    assert _current(admin_person.user, "/people/12/") == ["People"]


def test_an_employee_sees_no_admin_entries(employee_person):
    request = RequestFactory().get("/")
    request.user = employee_person.user
    assert navigation(request)["admin_nav"] == []
