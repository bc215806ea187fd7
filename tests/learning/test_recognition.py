"""Recognition: who may send kudos, badges from facts, the wall and its opt-out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tandem.core import clock
from tandem.learning import recognition
from tandem.learning.models import Moment, TrainingModule, TrainingProgress
from tandem.relationships.models import Meeting
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(frozen):  # noqa: F811
    return make_pair()


def _kudos(api, to, **kw):
    return api.post("/api/v1/kudos", {"to_person_id": to.pk, "message": "Thank you!", **kw})


def test_a_mentee_sends_kudos_to_their_mentor_and_it_is_on_the_wall(pair, api_employee):
    response = _kudos(ApiClient(pair.mentee.user), pair.mentor, program_id=pair.program.pk)
    assert response.status_code == 201, response.json()
    assert pair.mentor.notifications.filter(title__startswith="Kudos from").exists()
    wall = api_employee.get("/api/v1/recognition").json()
    assert [k["to_name"] for k in wall["kudos"]] == ["Marta Mentor"]
    program_wall = api_employee.get("/api/v1/recognition", {"program_id": pair.program.pk}).json()
    assert len(program_wall["kudos"]) == 1


def test_the_program_manager_and_the_line_manager_may_send_kudos(pair):
    assert _kudos(ApiClient(pair.manager.user), pair.mentor).status_code == 201
    boss = EmployeeFactory()
    pair.mentor.manager = boss
    pair.mentor.save()
    assert _kudos(ApiClient(boss.user), pair.mentor).status_code == 201


def test_a_stranger_cannot_send_kudos(pair, api_employee):
    assert _kudos(api_employee, pair.mentor).status_code == 403


@pytest.mark.parametrize("target", ["self", "unknown", "not_a_mentor", "left"])
def test_bad_kudos_are_refused_naming_the_field(pair, target):
    api = ApiClient(pair.mentee.user)
    people = {"self": pair.mentee, "not_a_mentor": EmployeeFactory()}
    if target == "left":
        pair.mentor.status = "terminated"
        pair.mentor.save()
        people["left"] = pair.mentor
    if target == "unknown":
        response = api.post("/api/v1/kudos", {"to_person_id": 999999, "message": "x"})
    else:
        response = _kudos(api, people[target])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to_person_id"


def test_anonymous_callers_are_refused(api_anonymous, pair):
    assert api_anonymous.get("/api/v1/recognition").status_code == 401
    assert _kudos(api_anonymous, pair.mentor).status_code == 401


def test_badges_come_from_the_facts(pair):
    now = clock.now()
    for i in range(5):
        Meeting.objects.create(
            relationship=pair.relationship,
            starts_at=now - dt.timedelta(days=7 * i + 1),
            status=Meeting.Status.HELD,
        )
    for module in TrainingModule.objects.filter(audience="mentors"):
        TrainingProgress.objects.create(module=module, person=pair.mentor, completed_at=now)
    for _ in range(10):
        Moment.objects.create(
            giver=pair.mentor,
            receiver=pair.mentee,
            logged_by=pair.mentee,
            happened_on=clock.today(),
            status="confirmed",
        )
    keys = {b.key for b in recognition.badges_of([pair.mentor.pk])[pair.mentor.pk]}
    assert keys == {"first_meeting", "five_meetings", "ten_moments", "mentor_training"}
    assert recognition.badges_of([pair.mentee.pk])[pair.mentee.pk] == []


def test_a_person_who_opts_out_is_not_on_the_wall_and_their_badges_are_hidden(pair, api_employee):
    _kudos(ApiClient(pair.mentee.user), pair.mentor)
    mentor_api = ApiClient(pair.mentor.user)
    mentor_api.put("/api/v1/me/recognition-settings", {"on_recognition_wall": False})
    assert api_employee.get("/api/v1/recognition").json()["kudos"] == []
    assert api_employee.get(f"/api/v1/people/{pair.mentor.pk}/badges").status_code == 404
    assert mentor_api.get(f"/api/v1/people/{pair.mentor.pk}/badges").status_code == 200


def test_kudos_are_sent_from_the_wall_page(pair):
    client = Client()
    client.force_login(pair.mentee.user)
    page = client.get(reverse("learning:recognition"))
    assert "Thank a mentor" in page.content.decode()
    response = client.post(
        reverse("learning:recognition"), {"to": pair.mentor.pk, "message": "You made my week"}
    )
    assert response.status_code == 302
    page = client.get(reverse("learning:recognition")).content.decode()
    assert "You made my week" in page
