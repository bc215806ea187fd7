"""Office hours: offering, finding by skill, booking (never double), invites, cancelling."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import ConflictError
from tandem.learning import office_hours
from tandem.learning.models import OfficeHourBooking, OfficeHourSlot
from tandem.people.models import Skill
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _skill(name: str) -> Skill:
    # get_or_create: a transactional test runs after a flush has removed the seeded taxonomy.
    return Skill.objects.get_or_create(name=name)[0]


@pytest.fixture
def expert(db):
    return EmployeeFactory(full_name="Ed Expert", time_zone="America/New_York")


def _slot(expert, **kw):
    data = {
        "starts_at": clock.now() + dt.timedelta(days=2),
        "topic": "Pricing a deal",
        "skill_ids": [_skill("Negotiation").pk],
        "capacity": 1,
        **kw,
    }
    return office_hours.offer_slot(actor=expert.user, data=data)


def test_an_expert_offers_a_slot_and_anyone_finds_it_by_skill(expert, api_employee):
    response = ApiClient(expert.user).post(
        "/api/v1/office-hours",
        {
            "starts_at": "2030-03-04T10:00:00",
            "topic": "Pricing a deal",
            "skills": [_skill("Negotiation").pk],
            "capacity": 2,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["time_zone"] == "America/New_York" and body["seats_left"] == 2
    starts = dt.datetime.fromisoformat(body["starts_at"].replace("Z", "+00:00"))
    assert starts == dt.datetime(2030, 3, 4, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York
    negotiation = _skill("Negotiation").pk
    assert [
        s["id"] for s in api_employee.get("/api/v1/office-hours", {"skill": negotiation}).json()
    ] == [body["id"]]
    other = _skill("Python").pk
    assert api_employee.get("/api/v1/office-hours", {"skill": other}).json() == []


def test_a_slot_in_the_past_is_refused(expert):
    response = ApiClient(expert.user).post(
        "/api/v1/office-hours", {"starts_at": "2001-01-01T10:00:00Z", "topic": "Old"}
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "starts_at"


def test_booking_sends_both_an_invite_and_the_ics_downloads(expert, employee_person, api_employee):
    slot = _slot(expert)
    response = api_employee.post(f"/api/v1/office-hours/{slot.pk}/book")
    assert response.status_code == 201
    booking = response.json()
    for person in (expert, employee_person):
        note = person.notifications.get(kind="meeting.office_hour")
        assert note.attachments[0]["mimetype"].endswith("method=REQUEST")
    invite = api_employee.get(f"/api/v1/bookings/{booking['id']}/invite.ics")
    assert invite["Content-Type"].startswith("text/calendar")
    assert b"METHOD:REQUEST" in invite.content and b"Ed Expert" in invite.content


def test_a_full_or_past_slot_cannot_be_booked(expert, api_employee):
    slot = _slot(expert)
    ApiClient(EmployeeFactory().user).post(f"/api/v1/office-hours/{slot.pk}/book")
    response = api_employee.post(f"/api/v1/office-hours/{slot.pk}/book")
    assert response.status_code == 409 and "full" in response.json()["detail"]
    OfficeHourSlot.objects.filter(pk=slot.pk).update(
        starts_at=clock.now() - dt.timedelta(hours=1), capacity=5
    )
    response = api_employee.post(f"/api/v1/office-hours/{slot.pk}/book")
    assert response.status_code == 409 and "started" in response.json()["detail"]


def test_cancelling_sends_a_cancel_and_frees_the_seat(expert, api_employee):
    slot = _slot(expert)
    booking = api_employee.post(f"/api/v1/office-hours/{slot.pk}/book").json()
    response = api_employee.delete(f"/api/v1/bookings/{booking['id']}")
    assert response.json()["status"] == "cancelled"
    invite = api_employee.get(f"/api/v1/bookings/{booking['id']}/invite.ics")
    assert b"METHOD:CANCEL" in invite.content and b"SEQUENCE:1" in invite.content
    assert api_employee.delete(f"/api/v1/bookings/{booking['id']}").status_code == 409
    assert api_employee.get("/api/v1/office-hours").json()[0]["seats_left"] == 1


def test_a_third_person_cannot_see_or_cancel_a_booking(expert, api_employee, api_admin):
    slot = _slot(expert)
    booking = api_employee.post(f"/api/v1/office-hours/{slot.pk}/book").json()
    assert api_admin.delete(f"/api/v1/bookings/{booking['id']}").status_code == 404
    assert api_admin.get(f"/api/v1/bookings/{booking['id']}/invite.ics").status_code == 404


def test_anonymous_callers_are_refused(api_anonymous, expert):
    slot = _slot(expert)
    assert api_anonymous.get("/api/v1/office-hours").status_code == 401
    assert api_anonymous.post(f"/api/v1/office-hours/{slot.pk}/book").status_code == 401


def test_a_slot_is_booked_from_the_page(expert, employee_person):
    slot = _slot(expert)
    client = Client()
    client.force_login(employee_person.user)
    page = client.get(reverse("learning:office_hours")).content.decode()
    assert "Pricing a deal" in page
    client.post(reverse("learning:office_hour_book", args=[slot.pk]))
    assert OfficeHourBooking.objects.filter(slot=slot, person=employee_person).exists()
    page = client.get(reverse("learning:office_hours")).content.decode()
    assert "Calendar invite (.ics)" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_the_last_seat_leave_one_winner_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    from tandem.accounts.models import User

    expert = EmployeeFactory()
    slot = _slot(expert)
    users = [EmployeeFactory().user.pk for _ in range(4)]
    barrier = threading.Barrier(len(users))
    outcomes: list[object] = []
    lock = threading.Lock()

    def attempt(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=10)
            result: object = office_hours.book_slot(actor=user, slot=slot)
        except ConflictError as exc:
            result = exc
        except Exception as exc:
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    wins = [o for o in outcomes if isinstance(o, OfficeHourBooking)]
    assert len(wins) == 1, outcomes
    assert all(isinstance(o, ConflictError) for o in outcomes if o not in wins)
    assert OfficeHourBooking.objects.filter(slot=slot, status="booked").count() == 1
