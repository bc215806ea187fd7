"""The demo's training: a trained mentor, a mentee part-way through a module, a gated program."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tandem.learning.models import TrainingModule, TrainingProgress
from tandem.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", size=60, seed=7, stdout=io.StringIO())


def _login(role):
    return Person.objects.get(email=f"{role}@demo.tandem.test")


def test_the_demo_mentor_has_completed_the_mentor_training(demo):
    mentor = _login("mentor")
    done = TrainingProgress.objects.filter(person=mentor, completed_at__isnull=False)
    assert set(done.values_list("module__audience", flat=True)) == {"mentors"}
    assert done.count() == TrainingModule.objects.filter(audience="mentors").count()


def test_the_demo_mentee_has_one_module_in_progress(demo):
    mentee = _login("mentee")
    rows = TrainingProgress.objects.filter(person=mentee, completed_at__isnull=True)
    assert [r.module.key for r in rows] == ["setting-smart-goals"]


def test_the_demo_loads_after_a_flush_has_emptied_the_shipped_modules_and_resources(db):
    from tandem.learning.models import Resource

    TrainingModule.objects.all().delete()
    Resource.objects.all().delete()
    call_command("demo", size=60, seed=7, stdout=io.StringIO())
    assert TrainingModule.objects.filter(published=True).exclude(key="").count() == 6
    assert Resource.objects.exclude(key="").count() == 30
    assert TrainingProgress.objects.filter(person=_login("mentor")).exists()


def test_the_demo_wall_shows_a_celebration_naming_the_demo_pair(demo):
    from tandem.learning.recognition import wall

    mentor, mentee = _login("mentor"), _login("mentee")
    titles = [c.shown_title for c in wall().celebrations]
    assert titles, "the demo pair agreed to be named"
    assert all(t.startswith(f"{mentor.full_name} and {mentee.full_name} ") for t in titles)


def test_the_demo_has_a_past_office_hour_with_a_pulse_and_its_moment(demo):
    from tandem.learning.models import Moment, OfficeHourPulse

    mentor, mentee = _login("mentor"), _login("mentee")
    pulse = OfficeHourPulse.objects.get(person=mentee)
    booking = pulse.booking
    assert booking.slot.host == mentor and booking.slot.starts_at < booking.created_at
    moment = Moment.objects.get(booking=booking)
    assert (moment.giver, moment.receiver, moment.status) == (mentor, mentee, "confirmed")
