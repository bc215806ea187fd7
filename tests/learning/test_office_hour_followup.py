"""After an office hour (issue 10.3 and 10.4): the attendee and the expert answer one
question once, after the end; the expert sees aggregates only, from five answers on; a
session that took place counts once as a confirmed mentoring moment; a cancelled one never."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.core import clock
from tandem.engagement.models import Notification
from tandem.learning import moments_selectors, office_hour_followup, office_hours
from tandem.learning.models import Moment, OfficeHourPulse
from tandem.learning.recognition import badges_of
from tandem.learning.tasks import follow_up_office_hours
from tandem.people.models import Skill
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import NOW, FrozenClock

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    return FrozenClock(monkeypatch, NOW)


@pytest.fixture
def expert(db):
    return EmployeeFactory(full_name="Ed Expert", time_zone="America/New_York")


@pytest.fixture
def attendee(db):
    return EmployeeFactory(full_name="Ana Attendee", time_zone="Europe/Berlin")


def _booking(expert, attendee, frozen, *, capacity=1):
    skill = Skill.objects.get_or_create(name="Negotiation")[0]
    slot = office_hours.offer_slot(
        actor=expert.user,
        data={
            "starts_at": clock.now() + dt.timedelta(hours=2),
            "topic": "Pricing a deal",
            "skill_ids": [skill.pk],
            "duration_minutes": 30,
            "capacity": capacity,
        },
    )
    return office_hours.book_slot(actor=attendee.user, slot=slot)


def _after(frozen):
    frozen.advance(hours=3)


def _url(booking):
    return f"/api/v1/bookings/{booking.pk}/pulse"


def test_the_attendee_and_the_expert_each_answer_once_after_the_end(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    for person in (attendee, expert):
        client = ApiClient(person.user)
        response = client.post(_url(booking), {"rating": 4, "comment": "Clear next steps"})
        assert response.status_code == 201, response.content
        assert client.get(_url(booking)).json()["rating"] == 4
        again = client.post(_url(booking), {"rating": 5})
        assert again.status_code == 409
    assert OfficeHourPulse.objects.filter(booking=booking).count() == 2


def test_answering_before_the_end_is_refused(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    frozen.advance(hours=2, minutes=10)  # the session is under way
    response = ApiClient(attendee.user).post(_url(booking), {"rating": 5})
    assert response.status_code == 409
    assert "not ended" in response.json()["detail"]
    assert not OfficeHourPulse.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused_naming_the_field(expert, attendee, frozen, rating):
    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    response = ApiClient(attendee.user).post(_url(booking), {"rating": rating})
    assert response.status_code == 422
    assert "rating" in response.content.decode()
    assert not OfficeHourPulse.objects.exists()


def test_the_service_refuses_a_bad_rating_with_the_field_named(expert, attendee, frozen):
    from tandem.core.errors import DomainError

    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    with pytest.raises(DomainError) as exc:
        office_hour_followup.answer_pulse(actor=attendee.user, booking=booking, rating=9)
    assert exc.value.field == "rating"


def test_a_cancelled_booking_gets_no_pulse_and_no_moment(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    office_hours.cancel_booking(actor=attendee.user, booking=booking)
    _after(frozen)
    assert follow_up_office_hours.call_local() == 0
    response = ApiClient(attendee.user).post(_url(booking), {"rating": 3})
    assert response.status_code == 409
    assert not Moment.objects.exists()
    assert not Notification.objects.filter(kind="office_hour_pulse").exists()


def test_a_booking_cannot_be_cancelled_once_the_session_has_taken_place(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    response = ApiClient(attendee.user).delete(f"/api/v1/bookings/{booking.pk}")
    assert response.status_code == 409


def test_only_the_two_people_answer_or_read_an_answer(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    refused = {
        "another employee": (ApiClient(EmployeeFactory().user), 404),
        "an org admin": (ApiClient(EmployeeFactory(user__is_org_admin=True).user), 404),
        "a leader": (ApiClient(EmployeeFactory(user__is_leader=True).user), 404),
        "anonymous": (ApiClient(), 401),
    }
    ApiClient(attendee.user).post(_url(booking), {"rating": 2, "comment": "Too short"})
    for who, (client, status) in refused.items():
        assert client.post(_url(booking), {"rating": 5}).status_code == status, who
        assert client.get(_url(booking)).status_code == status, who
    # the expert reads only their own answer, never the attendee's
    assert ApiClient(expert.user).get(_url(booking)).status_code == 404


def test_the_expert_sees_aggregates_only_from_five_answers(expert, frozen):
    attendees = [EmployeeFactory() for _ in range(5)]
    bookings = []
    skill = Skill.objects.get_or_create(name="Negotiation")[0]
    slot = office_hours.offer_slot(
        actor=expert.user,
        data={
            "starts_at": clock.now() + dt.timedelta(hours=2),
            "topic": "Group clinic",
            "skill_ids": [skill.pk],
            "capacity": 8,
        },
    )
    for person in attendees:
        bookings.append(office_hours.book_slot(actor=person.user, slot=slot))
    _after(frozen)
    client = ApiClient(expert.user)
    for n, (person, booking) in enumerate(zip(attendees, bookings, strict=True)):
        ApiClient(person.user).post(_url(booking), {"rating": 3 + n % 3})
        summary = client.get("/api/v1/me/office-hours/pulse-summary").json()
        assert summary["answers"] == n + 1
        if n < 4:
            assert summary["shown"] is False and summary["average"] is None
            assert summary["counts"] is None
    # the expert's own answers never count in their summary
    ApiClient(expert.user).post(_url(bookings[0]), {"rating": 1})
    summary = client.get("/api/v1/me/office-hours/pulse-summary").json()
    assert summary["shown"] is True and summary["answers"] == 5
    assert summary["average"] == 3.8  # 3, 4, 5, 3, 4
    assert summary["counts"] == {"1": 0, "2": 0, "3": 2, "4": 2, "5": 1}
    assert ApiClient().get("/api/v1/me/office-hours/pulse-summary").status_code == 401


def test_a_session_that_took_place_counts_once_as_a_confirmed_moment(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    assert follow_up_office_hours.call_local() == 0  # not yet
    _after(frozen)
    assert follow_up_office_hours.call_local() == 1
    assert follow_up_office_hours.call_local() == 0
    ApiClient(attendee.user).post(_url(booking), {"rating": 5})
    moment = Moment.objects.get()
    assert (moment.giver, moment.receiver) == (expert, attendee)
    assert moment.status == Moment.Status.CONFIRMED and moment.booking == booking
    assert [s.name for s in moment.skills.all()] == ["Negotiation"]
    assert moment.happened_on == dt.date(2025, 3, 3)  # the expert's day
    assert moments_selectors.summary_of(expert).given == 1
    assert moments_selectors.summary_of(attendee).received == 1


def test_both_people_are_asked_the_pulse_once(expert, attendee, frozen):
    _booking(expert, attendee, frozen)
    _after(frozen)
    follow_up_office_hours.call_local()
    follow_up_office_hours.call_local()
    asked = Notification.objects.filter(kind="office_hour_pulse")
    assert sorted(asked.values_list("recipient__full_name", flat=True)) == [
        "Ana Attendee",
        "Ed Expert",
    ]


def test_the_first_pulse_records_the_moment_when_the_job_has_not_run(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    _after(frozen)
    ApiClient(attendee.user).post(_url(booking), {"rating": 4})
    ApiClient(expert.user).post(_url(booking), {"rating": 4})
    assert Moment.objects.filter(booking=booking).count() == 1
    assert follow_up_office_hours.call_local() == 0


def test_ten_office_hours_earn_the_expert_the_ten_moments_badge(expert, frozen):
    for _ in range(10):
        _booking(expert, EmployeeFactory(), frozen)
    _after(frozen)
    follow_up_office_hours.call_local()
    assert "ten_moments" in [b.key for b in badges_of([expert.pk])[expert.pk]]


def test_the_pulse_is_a_next_step_on_home_and_is_answered_on_its_page(expert, attendee, frozen):
    booking = _booking(expert, attendee, frozen)
    client = Client()
    client.force_login(attendee.user)
    page = f"/learning/bookings/{booking.pk}/pulse/"
    assert "opens when the session ends" in client.get(page).content.decode()
    assert client.post(page, {"rating": "4"}).status_code == 400
    _after(frozen)
    assert "How useful was this session?" in client.get("/").content.decode()
    bad = client.post(page, {"rating": "9"})
    assert bad.status_code == 400
    assert client.post(page, {"rating": "4", "comment": "Useful"}).status_code == 302
    assert "You answered" in client.get(page).content.decode()
    assert f"/learning/bookings/{booking.pk}/pulse/" not in client.get("/").content.decode()
    stranger = Client()
    stranger.force_login(EmployeeFactory().user)
    assert stranger.get(page).status_code == 404
