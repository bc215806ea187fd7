"""The demo step builds five programs from the templates: three states, mentee choice, circles."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tandem.core import clock
from tandem.core.demo import DemoContext
from tandem.programs import demo
from tandem.programs.models import Participant
from tandem.programs.selectors import eligibility_of
from tests.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db
DEPARTMENTS = ["Engineering", "Sales", "Data", "Product", "Finance", "People"]


def _organisation(context: DemoContext) -> None:
    """A small fake organisation standing in for the people step (levels 1–10)."""
    rng, today = context.rng, context.today
    context.people = [
        PersonFactory(
            department=DEPARTMENTS[n % 6],
            job_level=1 + n % 10,
            hire_date=today - dt.timedelta(days=rng.randrange(10, 3000)),
        )
        for n in range(160)
    ]
    for key, level, department in (
        ("admin", 9, "People"),
        ("manager", 6, "People"),
        ("mentor", 8, "Engineering"),
        ("mentee", 3, "Data"),
        ("employee", 3, "Sales"),
    ):
        person = EmployeeFactory(
            job_level=level, department=department, user__is_org_admin=key == "admin"
        )
        context.logins[key] = person
        context.people.append(person)


@pytest.fixture
def ctx() -> DemoContext:
    context = DemoContext(size=160, seed=7, today=clock.today(), stdout=io.StringIO())
    _organisation(context)
    demo.build(context)
    return context


def test_five_programs_in_their_states_are_managed_by_the_demo_manager(ctx):
    assert {k: p.status for k, p in ctx.programs.items()} == {
        "enrolling": "enrolling",
        "matching": "matching",
        "active": "active",
        "choice": "active",
        "circles": "active",
    }
    for program in ctx.programs.values():
        assert list(program.managers.all()) == [ctx.logins["manager"]]
        assert program.template_key


def test_the_demo_employee_is_enrolled_nowhere_but_may_join_the_open_program(ctx):
    employee = ctx.logins["employee"]
    assert not Participant.objects.filter(person=employee).exists()
    assert eligibility_of(employee, ctx.programs["enrolling"]).eligible
    statuses = set(ctx.programs["enrolling"].participants.values_list("status", flat=True))
    assert {"applied", "approved"} <= statuses


def test_the_matching_program_has_approved_mentees_and_mentors_with_capacity(ctx):
    approved = ctx.programs["matching"].participants.filter(status="approved")
    mentees, mentors = approved.filter(role="mentee"), approved.filter(role="mentor")
    assert mentees.count() >= 20
    assert mentors.count() >= 8
    assert all(m.capacity >= 1 for m in mentors)


def test_the_demo_mentor_and_mentee_are_approved_in_the_active_program(ctx):
    program = ctx.programs["active"]
    mentor = program.participants.get(person=ctx.logins["mentor"])
    mentee = program.participants.get(person=ctx.logins["mentee"])
    assert (mentor.role, mentor.status, mentor.capacity) == ("mentor", "approved", 2)
    assert (mentee.role, mentee.status) == ("mentee", "approved")
    assert program.participants.filter(role="mentee").count() >= 10
    assert program.starts_on < clock.today() < program.ends_on


def test_the_choice_program_lets_the_demo_mentee_choose_among_approved_mentors(ctx):
    program = ctx.programs["choice"]
    assert (program.template_key, program.matching_mode) == ("flash_mentoring", "mentee_choice")
    assert program.starts_on < clock.today() < program.ends_on
    mentor = program.participants.get(person=ctx.logins["mentor"])
    mentee = program.participants.get(person=ctx.logins["mentee"])
    assert (mentor.role, mentor.status, mentor.capacity) == ("mentor", "approved", 3)
    assert (mentee.role, mentee.status) == ("mentee", "approved")
    approved = program.participants.filter(status="approved")
    assert approved.filter(role="mentee").count() >= 10
    assert approved.filter(role="mentor").count() >= 5
    assert not program.participants.filter(person=ctx.logins["employee"]).exists()


def test_the_step_reports_what_it_built(ctx):
    assert "Cross-functional exchange (enrolling" in ctx.stdout.getvalue()
