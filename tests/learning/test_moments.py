"""Mentoring moments: logging, confirming, who sees the note, opt-in counts, aggregates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tandem.core import clock
from tandem.learning.models import Moment
from tandem.people.models import Skill
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/moments"


@pytest.fixture
def ana(db):
    return EmployeeFactory(full_name="Ana Giver")


def _log(api, other, **kw):
    data = {
        "other_person_id": other.pk,
        "direction": "received",
        "note": "Ana helped me prepare my first board update",
        "happened_on": str(clock.today()),
        "skills": [Skill.objects.get(name="Executive Communication").pk],
        **kw,
    }
    return api.post(URL, data)


def test_a_moment_is_logged_and_the_other_person_confirms_it(api_employee, ana):
    response = _log(api_employee, ana)
    assert response.status_code == 201, response.json()
    moment = response.json()
    assert moment["giver_id"] == ana.pk and moment["status"] == "pending"
    assert ana.notifications.filter(kind="moment").count() == 1
    assert "board update" not in ana.notifications.get().title
    confirmed = ApiClient(ana.user).post(f"{URL}/{moment['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["direction"] == "gave"


def test_the_logger_cannot_confirm_their_own_moment(api_employee, ana):
    moment = _log(api_employee, ana).json()
    assert api_employee.post(f"{URL}/{moment['id']}/confirm").status_code == 403


def test_a_third_person_cannot_see_or_decide_the_moment(api_employee, ana, api_leader, api_admin):
    moment = _log(api_employee, ana).json()
    for api in (api_leader, api_admin):
        assert api.post(f"{URL}/{moment['id']}/confirm").status_code == 404
        assert moment["id"] not in {m["id"] for m in api.get(URL).json()}


def test_a_moment_can_be_decided_once(api_employee, ana):
    moment = _log(api_employee, ana).json()
    ApiClient(ana.user).post(f"{URL}/{moment['id']}/decline")
    assert ApiClient(ana.user).post(f"{URL}/{moment['id']}/confirm").status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"happened_on": str(clock.today() + dt.timedelta(days=2))}, "happened_on"),
        ({"skills": [999999]}, "skills"),
        ({"other_person_id": 999999}, "other_person_id"),
    ],
)
def test_bad_moments_are_refused_naming_the_field(api_employee, ana, change, field):
    response = _log(api_employee, ana, **change)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_a_moment_with_yourself_is_refused(api_employee, employee_person):
    response = _log(api_employee, employee_person)
    assert response.status_code == 400 and "yourself" in response.json()["detail"]


def test_anonymous_callers_are_refused(api_anonymous, ana):
    assert api_anonymous.get(URL).status_code == 401
    assert _log(api_anonymous, ana).status_code == 401
    assert api_anonymous.get(f"/api/v1/people/{ana.pk}/moments").status_code == 401


def test_given_moments_show_on_a_persons_page_only_when_they_opt_in(api_employee, ana):
    moment = _log(api_employee, ana).json()
    ApiClient(ana.user).post(f"{URL}/{moment['id']}/confirm")
    summary = f"/api/v1/people/{ana.pk}/moments"
    assert api_employee.get(summary).status_code == 404
    assert ApiClient(ana.user).get(summary).json()["given"] == 1
    ApiClient(ana.user).put("/api/v1/me/moment-sharing", {"show_moments_given": True})
    body = api_employee.get(summary).json()
    assert body == {
        "given": 1,
        "received": 0,
        "skills": [{"skill": "Executive Communication", "count": 1}],
    }
    client = Client()
    client.force_login(_employee())
    page = client.get(reverse("people:person", args=[ana.pk])).content.decode()
    assert 'id="moments-given"' in page and "board update" not in page


def _employee():
    from tandem.people.models import Person

    return Person.objects.get(full_name="Eve Employee").user


def test_totals_are_counts_for_leaders_and_admins_only(api_employee, ana, api_leader):
    moment = _log(api_employee, ana).json()
    ApiClient(ana.user).post(f"{URL}/{moment['id']}/confirm")
    assert api_leader.get(f"{URL}/totals").json()["confirmed"] == 1
    assert api_employee.get(f"{URL}/totals").status_code == 403


def test_a_moment_is_logged_and_confirmed_in_the_browser(employee_person, ana):
    client = Client()
    client.force_login(employee_person.user)
    response = client.post(
        reverse("learning:moments"),
        {
            "direction": "received",
            "other": ana.pk,
            "note": "Thanks!",
            "happened_on": str(clock.today()),
        },
    )
    assert response.status_code == 302
    moment = Moment.objects.get()
    other = Client()
    other.force_login(ana.user)
    page = other.get(reverse("learning:moments")).content.decode()
    assert 'id="to-confirm"' in page and "Thanks!" in page
    other.post(reverse("learning:moment_confirm", args=[moment.pk]))
    moment.refresh_from_db()
    assert moment.status == "confirmed"


def test_the_form_refuses_a_moment_with_yourself(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    response = client.post(
        reverse("learning:moments"),
        {"direction": "gave", "other": employee_person.pk, "happened_on": str(clock.today())},
    )
    assert response.status_code == 200 and "other than yourself" in response.content.decode()
