"""The home page answers "what should I do now?" first, for each role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.engagement.models.nudges import ProgramEngagement
from tandem.matchmaking.models import MatchRequest, MatchRun
from tandem.relationships import goals, meetings
from tests.factories import EmployeeFactory
from tests.programs.factories import ParticipantFactory
from tests.relationships.conftest import NOW, make_pair

pytestmark = pytest.mark.django_db


def _home(person) -> str:
    client = Client()
    client.force_login(person.user)
    html = client.get("/").content.decode()
    start = html.index('id="next-steps"')
    return html[start : html.index("</section>", start)]


def test_a_mentee_sees_the_next_meeting_in_their_own_time_and_their_goals(pair):
    meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentor.user,
        starts_at=NOW + dt.timedelta(days=2),
        agenda="Career map",
    )
    goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title="Lead the planning workshop",
        metric="Run it once",
        plan="Shadow, then lead",
        relevance="Next role",
        due_on=dt.date(2025, 5, 1),
    )
    steps = _home(pair.mentee)
    assert "Next meeting with Marta Mentor: Wed 5 Mar, 21:00 JST" in steps  # 12:00 UTC, Tokyo
    assert "Goal: Lead the planning workshop" in steps
    assert "due 1 May 2025" in steps
    assert steps.index("Next meeting") < steps.index("Goal:")


def test_a_member_without_a_meeting_is_asked_to_plan_one(pair):
    assert "Plan your next meeting with Kenji Mentee" in _home(pair.mentor)


def test_a_pending_agreement_comes_first_until_it_is_accepted(pending_pair, frozen):
    steps = _home(pending_pair.mentee)
    assert "Accept your mentoring agreement with Marta Mentor" in steps


def test_a_mentor_sees_the_requests_waiting_for_an_answer(pair):
    mentee = ParticipantFactory(program=pair.program, role="mentee", status="approved")
    MatchRequest.objects.create(
        program=pair.program,
        mentee=mentee,
        mentor=pair.mentor_participant,
        expires_at=NOW + dt.timedelta(days=3),
    )
    steps = _home(pair.mentor)
    assert "1 mentoring request waiting for your answer" in steps
    assert "Answer by 6 Mar 2025" in steps
    assert steps.index("mentoring request") < steps.index("Plan your next meeting")


def test_a_manager_sees_applications_runs_to_review_and_relationships_at_risk(pair):
    ParticipantFactory.create_batch(2, program=pair.program, role="mentee", status="applied")
    MatchRun.objects.create(
        program=pair.program, status=MatchRun.Status.COMPLETED, stats={"matched": 3, "unmatched": 1}
    )
    # thresholds that put any relationship short of perfect health at risk
    ProgramEngagement.objects.create(program=pair.program, watch_below=100, at_risk_below=100)
    steps = _home(pair.manager)
    assert f"Decide on 2 applications to {pair.program.name}" in steps
    assert "Review match run #" in steps and "3 matched, 1 unmatched." in steps
    assert "?status=applied" in steps
    assert f"1 relationship is at risk in {pair.program.name}" in steps


def test_someone_with_nothing_to_do_is_told_so():
    assert "Nothing is waiting for you" in _home(EmployeeFactory())


def test_a_manager_of_another_program_is_not_shown_its_applications(pair):
    ParticipantFactory(program=pair.program, role="mentee", status="applied")
    other = make_pair()
    assert pair.program.name not in _home(other.manager)
    assert "Decide on" not in _home(pair.mentee)
