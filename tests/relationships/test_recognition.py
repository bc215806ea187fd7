"""The recognition feed shows each viewer what they may see: goal and milestone titles to
the pair's members only; everyone else reads that a milestone was reached (issue 15.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.relationships import goals
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import make_pair

pytestmark = pytest.mark.django_db

GOAL_TITLE = "Present our product metrics at the all-hands"
MILESTONE_TITLE = "Rehearse with Marta"


@pytest.fixture
def achieved(pair, frozen):
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title=GOAL_TITLE,
        metric="Talk given, 5 questions answered",
        plan="Draft, rehearse twice, present",
        relevance="My next role presents every quarter",
        due_on=dt.date(2025, 8, 29),
    )
    milestone = goals.add_milestone(goal=goal, actor=pair.mentee.user, title=MILESTONE_TITLE)
    goals.update_milestone(milestone=milestone, actor=pair.mentee.user, completed=True)
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"status": "achieved"})
    return goal


def _viewers(pair):
    other_pair = make_pair(program=pair.program)
    return {
        "the program's manager": pair.manager.user,
        "an org admin": EmployeeFactory(user__is_org_admin=True).user,
        "another pair's mentee": other_pair.mentee.user,
        "another pair's mentor": other_pair.mentor.user,
    }


def _api_titles(user, pair):
    response = ApiClient(user).get(f"/api/v1/programs/{pair.program.pk}/celebrations")
    assert response.status_code == 200
    return [c["title"] for c in response.json()["items"]]


def _page(user, pair):
    client = Client()
    client.force_login(user)
    response = client.get(f"/relationships/program/{pair.program.pk}/recognition/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_pairs_members_read_the_goal_and_milestone_titles_in_the_feed(pair, achieved):
    for member in (pair.mentee, pair.mentor):
        user = member.user
        titles = _api_titles(user, pair)
        assert f"Goal achieved: {GOAL_TITLE}" in titles
        assert f"Milestone reached: {MILESTONE_TITLE}" in titles
        assert GOAL_TITLE in _page(user, pair)


def test_managers_admins_and_other_pairs_read_only_that_a_goal_was_achieved(pair, achieved):
    for who, user in _viewers(pair).items():
        titles = _api_titles(user, pair)
        assert titles == [
            "A mentoring pair achieved a goal",
            "A mentoring pair reached a milestone",
        ], who
        page = _page(user, pair)
        assert GOAL_TITLE not in page, who
        assert MILESTONE_TITLE not in page, who
        assert "A mentoring pair achieved a goal" in page, who
