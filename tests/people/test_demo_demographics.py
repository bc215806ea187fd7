"""The demo's self-declared demographics: a plausible share with consent, reach groups shown
and hidden, deterministic and idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tandem.core import clock
from tandem.core.demo import DemoContext
from tandem.insights.reach import reach
from tandem.people import demo_demographics
from tandem.people.models import Person, PersonDemographics
from tandem.programs.models import Program

pytestmark = pytest.mark.django_db
SEED = 42


@pytest.fixture
def demo(db):
    call_command("demo", seed=SEED, stdout=io.StringIO())


def _context() -> DemoContext:
    ctx = DemoContext(size=320, seed=SEED, today=clock.today(), stdout=io.StringIO())
    ctx.logins = {
        p.email.split("@")[0]: p for p in Person.objects.filter(email__endswith="@demo.tandem.test")
    }
    ctx.programs = {"matching": Program.objects.get(name="Women in leadership")}
    return ctx


def _rows() -> list[tuple]:
    return list(
        PersonDemographics.objects.order_by("person_id").values_list(
            "person_id", "gender", "ethnicity", "age_band", "disability", "consented_at"
        )
    )


def test_two_people_in_three_declare_and_reach_shows_large_groups_and_hides_small_ones(demo):
    people = Person.objects.count()
    declared = PersonDemographics.objects.count()
    assert 0.6 <= declared / people <= 0.7
    assert not PersonDemographics.objects.filter(consented_at__isnull=True).exists()
    logins = Person.objects.filter(email__endswith="@demo.tandem.test")
    assert logins.count() == 6
    assert not PersonDemographics.objects.filter(person__in=logins).exists()
    # reach by a demographic shows large groups with their ratio and hides small ones
    programs = list(Program.objects.exclude(status="draft"))
    for field in ("gender", "ethnicity"):
        result = reach(programs, field)
        shown = [g for g in result["groups"] if not g["suppressed"]]
        hidden = [g for g in result["groups"] if g["suppressed"]]
        assert len(shown) >= 3 and hidden, field
        assert all(g["employees"] >= 5 for g in shown)
        assert any(g["reach_ratio"] is not None and g["participants"] >= 5 for g in shown)


def test_the_demo_demographics_step_is_idempotent_and_deterministic(demo):
    first = _rows()
    demo_demographics.build(_context())
    assert _rows() == first  # run again: nothing added, nothing changed
    PersonDemographics.objects.all().delete()
    demo_demographics.build(_context())
    again = _rows()
    assert [r[:5] for r in again] == [r[:5] for r in first]  # same seed, same answers
