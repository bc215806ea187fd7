"""A person's data export holds their training, mentoring moments, kudos, badges, learning
settings and office hours; erasure removes or anonymises each as docs/privacy.md says and
leaves other people's data intact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts import privacy
from tandem.learning import privacy_learning, privacy_office_hours
from tandem.learning.models import (
    Kudos,
    LearningSettings,
    Moment,
    OfficeHourBooking,
    OfficeHourPulse,
    OfficeHourSlot,
    TrainingProgress,
)
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory, SkillFactory
from tests.learning.conftest import make_module
from tests.relationships.conftest import NOW, frozen  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db

PAST = NOW - dt.timedelta(days=7)
SOON = NOW + dt.timedelta(days=2)


def _learning_of(me: Any, other: Any) -> None:
    """One of everything the learning app holds about ``me``, with ``other``."""
    TrainingProgress.objects.create(
        module=make_module(f"Listening {me.pk}" + "+" * me.training.count()),
        person=me,
        sections_done=[1],
        attempts=2,
        score=80,
        completed_at=PAST,
    )
    given = Moment.objects.create(
        giver=me,
        receiver=other,
        logged_by=me,
        note=f"Pairing on SQL with {other.full_name}",
        happened_on=PAST.date(),
        status=Moment.Status.CONFIRMED,
    )
    given.skills.add(SkillFactory())
    Moment.objects.create(
        giver=other,
        receiver=me,
        logged_by=other,
        note="Helped me with the budget",
        happened_on=PAST.date(),
        status=Moment.Status.CONFIRMED,
    )
    Moment.objects.create(
        giver=other, receiver=me, logged_by=me, note="Waiting", happened_on=PAST.date()
    )
    Kudos.objects.create(sender=me, recipient=other, message="Thanks for the SQL help")
    Kudos.objects.create(sender=other, recipient=me, message="You made my week")
    LearningSettings.objects.update_or_create(
        person=me, defaults={"on_recognition_wall": False, "show_moments_given": True}
    )
    past = OfficeHourSlot.objects.create(
        host=me, starts_at=PAST, topic="Budgets", location="Room 4.12"
    )
    OfficeHourSlot.objects.create(host=me, starts_at=SOON, topic="Hiring", location="Room 4.12")
    theirs = OfficeHourSlot.objects.create(host=other, starts_at=PAST, topic="Careers")
    booked = OfficeHourBooking.objects.create(slot=theirs, person=me)
    OfficeHourPulse.objects.create(booking=booked, person=me, rating=4, comment="Very useful")
    attended = OfficeHourBooking.objects.create(slot=past, person=other)
    OfficeHourPulse.objects.create(booking=attended, person=other, rating=5, comment="Great")


@pytest.fixture
def people(frozen: Any) -> tuple[Any, Any]:  # noqa: F811
    me, other = EmployeeFactory(full_name="Ana Alves"), EmployeeFactory(full_name="Ben Bauer")
    _learning_of(me, other)
    return me, other


def _own_export(person: Any) -> dict[str, Any]:
    response = ApiClient(person.user).get("/api/v1/me/export")
    assert response.status_code == 200
    return response.json()


def test_the_export_holds_my_training_progress_and_completions(people):
    me, _ = people
    [row] = _own_export(me)["training"]
    assert row["module"] == f"Listening {me.pk}"
    assert (row["sections_done"], row["quiz_score"], row["status"]) == ([1], 80, "completed")
    assert row["completed_at"].startswith(PAST.date().isoformat())


def test_the_export_holds_the_moments_i_gave_and_received_with_their_notes(people):
    me, _other = people
    rows = _own_export(me)["mentoring_moments"]
    assert sorted((r["direction"], r["with"], r["note"], r["status"]) for r in rows) == [
        ("given", "Ben Bauer", "Pairing on SQL with Ben Bauer", "confirmed"),
        ("received", "Ben Bauer", "Helped me with the budget", "confirmed"),
        ("received", "Ben Bauer", "Waiting", "pending"),
    ]
    assert [len(r["skills"]) for r in rows if r["direction"] == "given"] == [1]


def test_the_export_holds_my_kudos_both_ways_badges_and_learning_settings(people):
    me, _ = people
    recognition = _own_export(me)["recognition"]
    assert [k["message"] for k in recognition["kudos_given"]] == ["Thanks for the SQL help"]
    assert [k["message"] for k in recognition["kudos_received"]] == ["You made my week"]
    assert recognition["kudos_received"][0]["sender"] == "Ben Bauer"
    assert recognition["badges"] == []
    assert recognition["settings"] == {
        "on_recognition_wall": False,
        "show_moments_given": True,
        "saved": True,
    }


def test_the_export_holds_the_slots_i_host_my_bookings_and_my_pulses(people):
    me, _ = people
    hours = _own_export(me)["office_hours"]
    assert [(s["topic"], s["location"], s["seats_booked"]) for s in hours["slots_hosted"]] == [
        ("Budgets", "Room 4.12", 1),
        ("Hiring", "Room 4.12", 0),
    ]
    assert [(b["topic"], b["host"]) for b in hours["bookings_made"]] == [("Careers", "Ben Bauer")]
    assert [(p["rating"], p["comment"]) for p in hours["pulses_answered"]] == [(4, "Very useful")]


def test_the_web_download_holds_every_learning_section(people, client):
    me, _ = people
    client.force_login(me.user)
    response = client.get("/accounts/my-data/export.json")
    assert response.status_code == 200
    body = response.json()
    assert body["training"][0]["quiz_score"] == 80
    assert len(body["mentoring_moments"]) == 3
    assert body["recognition"]["kudos_received"][0]["message"] == "You made my week"
    assert body["office_hours"]["pulses_answered"][0]["comment"] == "Very useful"


def test_an_admins_export_holds_training_and_hosted_slots_but_not_moments_kudos_or_pulses(
    people,
):
    me, _ = people
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    body = admin.get(f"/api/v1/people/{me.pk}/export").json()
    assert body["training"][0]["quiz_score"] == 80
    assert body["office_hours"] == {
        "slots_hosted": [
            {k: v for k, v in s.items() if k != "location"}
            for s in _own_export(me)["office_hours"]["slots_hosted"]
        ]
    }
    assert "mentoring_moments" not in body
    assert "recognition" not in body
    assert {"mentoring_moments", "recognition"} <= set(body["withheld"]["sections"])
    assert "Pairing on SQL" not in str(body)


def test_an_employee_cannot_export_another_persons_learning_data(people):
    me, other = people
    response = ApiClient(other.user).get(f"/api/v1/people/{me.pk}/export")
    assert response.status_code == 403
    assert "Pairing on SQL" not in str(response.json())


def _erase(person: Any) -> None:
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    response = admin.post(f"/api/v1/people/{person.pk}/erase", {"confirmation": "ERASE"})
    assert response.status_code == 200, response.json()


def test_erasing_deletes_training_progress_kudos_and_learning_settings(people):
    me, other = people
    TrainingProgress.objects.create(module=make_module("Other"), person=other, score=60)
    _erase(me)
    assert not TrainingProgress.objects.filter(person=me).exists()
    assert TrainingProgress.objects.filter(person=other).count() == 1
    assert not Kudos.objects.exists()
    assert not LearningSettings.objects.filter(person=me).exists()


def test_erasing_keeps_confirmed_moments_clears_their_notes_and_deletes_pending_ones(people):
    me, _other = people
    bystanders = EmployeeFactory(), EmployeeFactory()
    kept = Moment.objects.create(
        giver=bystanders[0],
        receiver=bystanders[1],
        logged_by=bystanders[0],
        note="Not about Ana",
        happened_on=PAST.date(),
    )
    _erase(me)
    mine = Moment.objects.filter(giver=me) | Moment.objects.filter(receiver=me)
    assert sorted((m.giver_id == me.pk, m.note, m.status) for m in mine) == [
        (False, "Helped me with the budget", "confirmed"),
        (True, "", "confirmed"),
    ]
    assert Moment.objects.filter(giver=me).get().skills.count() == 1
    kept.refresh_from_db()
    assert (kept.note, kept.status) == ("Not about Ana", "pending")


def test_erasing_cancels_upcoming_slots_clears_locations_frees_seats_and_pulse_comments(people):
    me, other = people
    upcoming = OfficeHourSlot.objects.create(host=other, starts_at=SOON, topic="Later")
    OfficeHourBooking.objects.create(slot=upcoming, person=me)
    hiring = OfficeHourSlot.objects.get(topic="Hiring")
    seat = OfficeHourBooking.objects.create(slot=hiring, person=other)
    _erase(me)
    assert list(OfficeHourSlot.objects.filter(host=me).values_list("location", flat=True)) == [
        "",
        "",
    ]
    hiring.refresh_from_db()
    seat.refresh_from_db()
    assert hiring.cancelled
    assert (seat.status, seat.sequence) == ("cancelled", 1)
    assert not OfficeHourBooking.objects.filter(person=me, slot=upcoming).exists()
    past = OfficeHourBooking.objects.get(person=me)
    assert past.slot.topic == "Careers"
    assert list(past.pulses.values_list("rating", "comment")) == [(4, "")]
    assert OfficeHourPulse.objects.get(person=other).comment == "Great"
    assert not OfficeHourSlot.objects.get(topic="Careers").cancelled


SECTIONS = [
    privacy_learning.export_training,
    privacy_learning.export_moments,
    privacy_learning.export_recognition,
    privacy_office_hours.export_office_hours,
    privacy_office_hours.export_office_hours_for_admin,
]


def _queries(section: Any, person: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        section(person)
    return len(queries)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda fn: fn.__name__)
def test_each_learning_export_section_takes_a_fixed_number_of_queries(frozen, section):  # noqa: F811
    few, many = EmployeeFactory(), EmployeeFactory()
    _learning_of(few, EmployeeFactory())
    for _ in range(4):
        _learning_of(many, EmployeeFactory())
    assert _queries(section, many) == _queries(section, few)


def test_the_learning_sections_are_registered_for_export_and_erasure():
    assert {"training", "mentoring_moments", "recognition", "office_hours"} <= set(
        privacy.export_sections
    )
    assert privacy_learning.erase_learning in privacy.erasers
    assert privacy_office_hours.erase_office_hours in privacy.erasers
