"""``tandem demo`` builds a believable organisation with the documented logins."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from tandem.people.models import Person, ProfileSkill
from tandem.people.selectors import management_chain_ids

pytestmark = pytest.mark.django_db


def _demo(size: int = 60, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("demo", size=size, seed=seed, stdout=out)
    return out.getvalue()


def test_the_demo_creates_every_documented_login_with_the_demo_password():
    output = _demo()
    for email in ["admin", "manager", "mentor", "mentee", "employee"]:
        address = f"{email}@demo.tandem.test"
        assert address in output
        assert authenticate(username=address, password="tandem-demo") is not None
    admin = Person.objects.get(email="admin@demo.tandem.test")
    assert admin.user.is_org_admin


def test_the_demo_organisation_is_one_tree_with_profiles_and_time_zones():
    _demo(size=80)
    assert Person.objects.count() >= 80
    roots = Person.objects.filter(manager__isnull=True)
    assert roots.count() == 1
    assert Person.objects.values("time_zone").distinct().count() >= 5
    assert ProfileSkill.objects.filter(kind="expertise").exists()


def test_the_demo_mentor_is_outside_the_demo_mentees_management_chain():
    _demo()
    mentor = Person.objects.get(email="mentor@demo.tandem.test")
    mentee = Person.objects.get(email="mentee@demo.tandem.test")
    assert mentor.pk not in management_chain_ids(mentee.pk)
    assert mentee.pk not in management_chain_ids(mentor.pk)


def test_the_same_seed_gives_the_same_organisation():
    _demo(seed=3)
    first = list(Person.objects.order_by("employee_id").values_list("full_name", flat=True))
    Person.objects.all().delete()
    from tandem.accounts.models import User

    User.objects.all().delete()
    _demo(seed=3)
    second = list(Person.objects.order_by("employee_id").values_list("full_name", flat=True))
    assert first == second


def test_the_demo_refuses_a_database_that_already_has_people():
    _demo()
    with pytest.raises(CommandError, match="already has"):
        _demo()


def test_the_demo_refuses_a_size_out_of_range():
    with pytest.raises(CommandError, match="--size must be between"):
        _demo(size=3)
