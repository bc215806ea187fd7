"""The demo's completed earlier cycle: closed, paired, followed by HR events with a small
planted effect, so its twelve-month retention outcome has a real interval."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.test import Client

from tandem.core import clock
from tandem.core.demo import DemoContext
from tandem.insights.outcome_data import program_outcome
from tandem.insights.outcomes import MAX_SMD
from tandem.people.demo import DEPARTMENTS
from tandem.people.models import HREvent, Person
from tandem.programs import demo_completed
from tandem.programs.models import Participant, Program
from tandem.relationships import demo_completed as pairs_step
from tandem.relationships.models import Meeting, Relationship
from tandem.web.templatetags.tandem import points
from tests.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _context(seed: int = 42) -> DemoContext:
    """The default demo size, with a small fake organisation for the people step: a VP and
    two managers per department (the added employees report to them) and the logins."""
    context = DemoContext(size=320, seed=seed, today=clock.today(), stdout=io.StringIO())
    hired = context.today - dt.timedelta(days=3000)
    for department in DEPARTMENTS:
        for level in (10, 8, 7):
            context.people.append(
                PersonFactory(department=department, job_level=level, hire_date=hired)
            )
    for key in ("admin", "manager"):
        person = EmployeeFactory(department="People", job_level=8, user__is_org_admin=True)
        context.logins[key] = person
        context.people.append(person)
    return context


@pytest.fixture
def ctx() -> DemoContext:
    context = _context()
    demo_completed.build(context)
    pairs_step.build(context)
    return context


def test_the_earlier_cycle_completed_about_twenty_one_months_ago_and_is_closed(ctx):
    program = ctx.programs["completed"]
    assert program.status == Program.Status.CLOSED
    assert program.name.endswith(f"{program.starts_on.year} cohort")
    months_ago = (ctx.today - program.ends_on).days / 30.44
    assert 18 <= months_ago <= 24
    assert program.created_at.date() < program.starts_on


def test_its_twelve_month_retention_shows_a_newcombe_interval_with_balance_and_curves(ctx):
    result = program_outcome(ctx.programs["completed"], "retention", 12)
    assert result["enough_data"], result["message"]
    assert result["ci_low"] < result["difference"] < result["ci_high"]
    assert min(result["participants"]["n"], result["comparison"]["n"]) >= 100
    assert all(row["smd"] <= MAX_SMD for row in result["balance"])
    assert len(result["curves"]["participants"]) > 2
    assert len(result["curves"]["comparison"]) > 2


def test_the_outcome_page_gives_the_difference_and_its_interval_in_percentage_points(ctx):
    web = Client()
    web.force_login(ctx.logins["manager"].user)
    program = ctx.programs["completed"]
    page = web.get(f"/insights/programs/{program.pk}/outcomes/?months=12").content.decode()
    result = program_outcome(program, "retention", 12)
    assert f"{points(result['difference'])} percentage points</strong>" in page
    assert f"95 % interval {points(result['ci_low'])} to {points(result['ci_high'])})" in page
    assert 'data-chart="km"' in page and "Tenure band" in page


def test_the_planted_effect_is_small_mentees_leave_a_little_less_within_a_year(ctx):
    program = ctx.programs["completed"]
    starts = program.starts_on
    year = starts + dt.timedelta(days=365)
    mentees = set(program.participants.filter(role="mentee").values_list("person_id", flat=True))
    added = set(Person.objects.filter(hire_date__lte=starts).values_list("pk", flat=True))
    left = set(
        HREvent.objects.filter(kind="termination", date__lte=year).values_list(
            "person_id", flat=True
        )
    )
    others = added - mentees - set(program.participants.values_list("person_id", flat=True))
    mentee_rate = len(left & mentees) / len(mentees)
    other_rate = len(left & others) / len(others)
    assert len(mentees) >= 150
    assert 0.08 < mentee_rate < other_rate < 0.21
    assert other_rate - mentee_rate < 0.1


def test_people_who_left_are_marked_as_left_on_their_termination_date(ctx):
    terminations = HREvent.objects.filter(kind="termination").select_related("person")
    assert terminations.exists()
    for event in terminations:
        assert event.person.status == Person.Status.TERMINATED
        assert event.person.employment_end == event.date


def test_every_mentee_had_one_mentor_and_most_pairs_completed_on_the_end_date(ctx):
    program = ctx.programs["completed"]
    mentees = program.participants.filter(role="mentee")
    relationships = Relationship.objects.filter(program=program)
    assert relationships.count() == mentees.count()
    assert all(m.memberships.count() == 1 for m in mentees)
    completed = relationships.filter(status="completed", ended_on=program.ends_on)
    assert completed.count() > 0.85 * relationships.count()
    assert set(Participant.objects.filter(program=program).values_list("status", flat=True)) == {
        "matched"
    }


def test_the_pairs_met_at_the_programs_cadence_until_they_ended(ctx):
    program = ctx.programs["completed"]
    for relationship in Relationship.objects.filter(program=program)[:20]:
        meetings = list(relationship.meetings.order_by("starts_at"))
        assert meetings, relationship
        assert meetings[-1].starts_at.date() <= relationship.ended_on + dt.timedelta(days=1)
        gaps = {(b.starts_at - a.starts_at).days for a, b in itertools.pairwise(meetings)}
        assert gaps <= {program.meeting_cadence_days - 1, program.meeting_cadence_days}
    held = Meeting.objects.filter(relationship__program=program)
    share = held.filter(status="held").count() / held.count()
    assert 0.75 < share < 0.95


def test_loading_the_step_again_adds_nothing(ctx):
    counts = (Program.objects.count(), Person.objects.count(), HREvent.objects.count())
    again = DemoContext(size=320, seed=42, today=ctx.today, stdout=io.StringIO())
    again.people, again.logins = ctx.people, ctx.logins
    demo_completed.build(again)
    pairs_step.build(again)
    assert (Program.objects.count(), Person.objects.count(), HREvent.objects.count()) == counts
    assert (
        Relationship.objects.count()
        == ctx.programs["completed"].participants.filter(role="mentee").count()
    )
    assert "already there" in again.stdout.getvalue()
