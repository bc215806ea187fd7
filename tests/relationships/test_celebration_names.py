"""Celebrations name both members when both agree (issue 10.1): each member agrees on the
relationship page or by API, either may withdraw at once, and leaving the recognition wall
keeps a member's name off every celebration."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.learning.recognition import set_on_wall
from tandem.relationships import services
from tandem.relationships.models import Relationship
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import make_pair, reload

pytestmark = pytest.mark.django_db

NAMED = "Marta Mentor and Kenji Mentee completed their mentoring relationship"
ANONYMOUS = "A mentoring pair completed their mentoring relationship"


def _url(pair):
    return f"/api/v1/relationships/{pair.relationship.pk}/celebration-names"


def _complete(pair):
    services.end_relationship(
        relationship=reload(pair.relationship),
        actor=pair.manager.user,
        status=Relationship.Status.COMPLETED,
    )


def _feed_titles(user, pair):
    response = ApiClient(user).get(f"/api/v1/programs/{pair.program.pk}/celebrations")
    assert response.status_code == 200
    return [c["title"] for c in response.json()["items"]]


def _wall_titles(user):
    response = ApiClient(user).get("/api/v1/recognition")
    assert response.status_code == 200
    return [c["title"] for c in response.json()["celebrations"]]


def _agree(pair, *who, named=True):
    for member in who:
        response = pair.client(member).put(_url(pair), {"named": named})
        assert response.status_code == 200, response.content


def test_a_completion_is_anonymous_to_others_until_both_members_agree(pair):
    _complete(pair)
    manager = pair.manager.user
    assert _feed_titles(manager, pair) == [ANONYMOUS]
    _agree(pair, "mentor")
    assert _feed_titles(manager, pair) == [ANONYMOUS]
    assert _wall_titles(EmployeeFactory().user) == []


def test_when_both_agree_the_feed_and_the_wall_name_them(pair):
    _complete(pair)
    _agree(pair, "mentor", "mentee")
    other = make_pair(program=pair.program)
    assert _feed_titles(other.mentee.user, pair) == [NAMED]
    assert _feed_titles(pair.manager.user, pair) == [NAMED]
    assert _wall_titles(EmployeeFactory().user) == [NAMED]
    body = pair.client("mentee").get(_url(pair)).json()
    assert body["named_by_me"] and body["named_by_all"] and body["shown_with_names"]


def test_a_goal_celebration_names_the_pair_but_never_the_goal(pair):
    from tandem.relationships import goals

    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title="Lead the quarterly review",
        metric="Review held",
        plan="Prepare with Marta",
        relevance="My next role",
        due_on=pair.relationship.started_on,
    )
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"status": "achieved"})
    _agree(pair, "mentor", "mentee")
    titles = _feed_titles(pair.manager.user, pair)
    assert titles == ["Marta Mentor and Kenji Mentee achieved a goal"]
    assert "Goal achieved: Lead the quarterly review" in _feed_titles(pair.mentee.user, pair)


def test_withdrawing_takes_effect_at_once(pair):
    _complete(pair)
    _agree(pair, "mentor", "mentee")
    assert _wall_titles(pair.manager.user) == [NAMED]
    _agree(pair, "mentor", named=False)
    assert _wall_titles(pair.manager.user) == []
    assert _feed_titles(pair.manager.user, pair) == [ANONYMOUS]
    assert pair.client("mentor").get(_url(pair)).json()["named_by_me"] is False


def test_a_member_who_left_the_wall_is_never_named(pair):
    _complete(pair)
    _agree(pair, "mentor", "mentee")
    set_on_wall(actor=pair.mentee.user, on_wall=False)
    assert _feed_titles(pair.manager.user, pair) == [ANONYMOUS]
    assert _wall_titles(pair.manager.user) == []
    body = pair.client("mentor").get(_url(pair)).json()
    assert body["named_by_all"] is True and body["shown_with_names"] is False


def test_only_members_read_or_change_the_choice(pair, outsiders):
    expected = {
        "another mentee": 404,
        "another mentor": 404,
        "manager of another program": 404,
        "employee": 404,
        "anonymous": 401,
        "org admin": 403,
        "manager of this program": 403,
    }
    for who, client in outsiders.items():
        assert client.get(_url(pair)).status_code == expected[who], who
        assert client.put(_url(pair), {"named": True}).status_code == expected[who], who
    body = pair.client("mentor").get(_url(pair)).json()
    assert [m["agreed"] for m in body["members"]] == [False, False]


def test_a_choice_that_is_not_a_boolean_is_refused_naming_the_field(pair):
    response = pair.client("mentee").put(_url(pair), {"named": "perhaps"})
    assert response.status_code == 422
    assert "named" in response.content.decode()


def test_members_agree_and_withdraw_on_the_relationship_page(pair):
    _complete(pair)
    page_url = f"/relationships/{pair.relationship.pk}/"
    post_url = f"/relationships/{pair.relationship.pk}/celebration-names/"
    mentor, mentee = Client(), Client()
    mentor.force_login(pair.mentor.user)
    mentee.force_login(pair.mentee.user)
    assert "Name me in celebrations" in mentor.get(page_url).content.decode()
    assert mentor.post(post_url, {"named": "yes"}).status_code == 302
    assert mentee.post(post_url, {"named": "yes"}).status_code == 302
    page = mentor.get(page_url).content.decode()
    assert "Withdraw my agreement" in page
    assert NAMED in page
    assert _wall_titles(pair.manager.user) == [NAMED]
    assert mentee.post(post_url, {"named": "no"}).status_code == 302
    assert _wall_titles(pair.manager.user) == []


def test_the_programs_manager_cannot_choose_for_the_members_on_the_page(pair):
    manager = Client()
    manager.force_login(pair.manager.user)
    url = f"/relationships/{pair.relationship.pk}/celebration-names/"
    assert manager.post(url, {"named": "yes"}).status_code == 403
    stranger = Client()
    stranger.force_login(EmployeeFactory().user)
    assert stranger.post(url, {"named": "yes"}).status_code == 404
