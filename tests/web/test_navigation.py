"""The menu highlights exactly one entry: the most specific one for the current page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tandem.matchmaking.apps import _sees_matching
from tandem.web.context_processors import navigation
from tests.programs.factories import ParticipantFactory, ProgramFactory

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


def _labels(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return [link["label"] for link in navigation(request)["nav"]]


def test_matching_is_in_the_menu_of_admins_and_program_managers(admin_person, employee_person):
    assert "Matching" in _labels(admin_person.user)
    assert "Matching" not in _labels(employee_person.user)
    ProgramFactory().managers.add(employee_person)
    assert "Matching" in _labels(employee_person.user)


@pytest.mark.parametrize(
    ("mode", "shown"), [("admin", False), ("mentee_choice", True), ("hybrid", True)]
)
def test_matching_is_in_a_participants_menu_only_when_their_program_lets_them_choose(
    employee_person, mode, shown
):
    ParticipantFactory(
        program=ProgramFactory(matching_mode=mode), person=employee_person, role="mentee"
    )
    assert ("Matching" in _labels(employee_person.user)) is shown


def test_deciding_whether_to_show_matching_costs_one_query(
    employee_person, django_assert_num_queries
):
    user = employee_person.user
    user._tandem_person_id = employee_person.pk
    with django_assert_num_queries(1):
        _sees_matching(user)
