"""The at-risk chain: health components and bands, the at-risk list, interventions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from tandem.engagement.models import Intervention
from tandem.engagement.nudging.engine import evaluate
from tandem.relationships import health
from tandem.relationships.models import Relationship
from tests.conftest import ApiClient
from tests.engagement.conftest import make_pair, reload
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = dt.timedelta


def _at_risk(pair, frozen, days=40):
    frozen.move_to(frozen.at + D(days=days))
    evaluate(now=frozen.at, only=[])
    return frozen.at


def test_components_add_up_to_the_score_and_signals_name_what_is_wrong():
    inputs = health.HealthInputs(
        days_active=60,
        cadence_days=14,
        meetings_held=1,
        meetings_scheduled=0,
        days_since_last_held=40,
        average_rating=2.0,
        poor_fit_answers=1,
        goal_progress=[],
    )
    parts = health.components(inputs)
    assert [c.key for c in parts] == ["meetings", "pulses", "goals"]
    assert abs(sum(c.points for c in parts) - health.score(inputs)) <= 1
    signals = {s.signal: s for s in health.signals(inputs)}
    assert set(signals) == {
        "meetings_vs_cadence",
        "last_meeting",
        "pulses",
        "not_a_good_fit",
        "goal_progress",
    }
    assert signals["last_meeting"].detail == "Last meeting held 40 days ago"
    assert (
        health.band(75) == "healthy" and health.band(55) == "watch" and health.band(20) == "at_risk"
    )
    assert health.band(55, watch_below=50, at_risk_below=30) == "healthy"


def test_the_at_risk_list_gives_signals_and_since_when(pair, frozen):
    _at_risk(pair, frozen)
    client = pair.client("manager")
    [row] = client.get(f"/api/v1/programs/{pair.program.pk}/at-risk").json()
    assert row["relationship_id"] == pair.relationship.pk and row["band"] == "at_risk"
    assert row["since"] == "2025-04-12"
    assert "No meeting held yet" in {s["detail"] for s in row["signals"]}
    assert row["rematch_url"] == f"/matchmaking/relationships/{pair.relationship.pk}/rematch/"
    assert row["open_intervention_id"] is None


def test_program_thresholds_move_a_relationship_between_bands(pair, frozen):
    _at_risk(pair, frozen)
    client = pair.client("manager")
    assert (
        client.put(
            f"/api/v1/programs/{pair.program.pk}/health-thresholds",
            {"watch_below": 10, "at_risk_below": 5},
        ).status_code
        == 200
    )
    assert client.get(f"/api/v1/programs/{pair.program.pk}/at-risk").json() == []
    bad = client.put(
        f"/api/v1/programs/{pair.program.pk}/health-thresholds",
        {"watch_below": 30, "at_risk_below": 60},
    )
    assert bad.status_code == 400  # a rule across the two fields (decision 0026)
    assert bad.json()["errors"][0]["field"] == "at_risk_below"


def test_a_nudge_intervention_sends_the_edited_message_and_records_its_follow_up(
    pair, frozen, django_capture_on_commit_callbacks
):
    _at_risk(pair, frozen)
    with django_capture_on_commit_callbacks(execute=True):
        response = pair.client("manager").post(
            f"/api/v1/relationships/{pair.relationship.pk}/interventions",
            {
                "action": "nudge",
                "message": "Shall we meet this week?",
                "follow_up_on": "2025-04-20",
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert (
        body["is_open"]
        and body["owner_id"] == pair.manager.pk
        and body["health_at_start"] is not None
    )
    assert {m.to[0] for m in mail.outbox} == {pair.mentor.email, pair.mentee.email}
    assert mail.outbox[0].body.startswith("A note from Mia Manager")
    [row] = pair.client("manager").get(f"/api/v1/programs/{pair.program.pk}/at-risk").json()
    assert row["open_intervention_id"] == body["id"]


def test_a_check_in_request_carries_an_invite_at_the_proposed_time(
    pair, frozen, django_capture_on_commit_callbacks
):
    _at_risk(pair, frozen)
    with django_capture_on_commit_callbacks(execute=True):
        pair.client("manager").post(
            f"/api/v1/relationships/{pair.relationship.pk}/interventions",
            {"action": "check_in", "check_in_at": "2025-04-15T09:00:00+00:00"},
        )
    tokyo = next(m for m in mail.outbox if m.to == [pair.mentee.email])
    assert "Proposed time: 15 Apr 2025, 18:00 JST" in tokyo.body
    assert tokyo.attachments[0][0] == "check-in.ics"


def test_pause_and_close_change_the_relationship_and_close_needs_a_reason(pair, frozen):
    _at_risk(pair, frozen)
    client = pair.client("manager")
    url = f"/api/v1/relationships/{pair.relationship.pk}/interventions"
    refused = client.post(url, {"action": "close"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "note"
    assert client.post(url, {"action": "pause"}).status_code == 201
    assert reload(pair.relationship).status == "paused"
    assert client.post(url, {"action": "pause"}).status_code == 409
    assert client.post(url, {"action": "close", "note": "They agreed to stop."}).status_code == 201
    closed = reload(pair.relationship)
    assert (closed.status, closed.end_reason) == ("ended", "They agreed to stop.")
    assert client.post(url, {"action": "nudge"}).status_code == 409


def test_a_rematch_intervention_points_at_the_rematch_page(pair, frozen, client):
    _at_risk(pair, frozen)
    client.force_login(pair.manager.user)
    response = client.post(
        f"/engagement/relationships/{pair.relationship.pk}/interventions/new/",
        {"action": "rematch"},
    )
    assert response["Location"] == f"/matchmaking/relationships/{pair.relationship.pk}/rematch/"
    assert Intervention.objects.get().action == "rematch"


def test_the_outcome_closes_an_intervention_and_shows_whether_health_recovered(pair, frozen):
    _at_risk(pair, frozen)
    client = pair.client("manager")
    created = client.post(
        f"/api/v1/relationships/{pair.relationship.pk}/interventions", {"action": "nudge"}
    ).json()
    patched = client.patch(
        f"/api/v1/interventions/{created['id']}",
        {"outcome": "recovered", "outcome_note": "They met."},
    )
    assert patched.status_code == 200 and patched.json()["is_open"] is False
    reopened = client.patch(f"/api/v1/interventions/{created['id']}", {"outcome": ""})
    assert reopened.json()["is_open"] is True
    assert (
        client.patch(f"/api/v1/interventions/{created['id']}", {"outcome": "fixed"}).status_code
        == 422
    )
    past = client.patch(f"/api/v1/interventions/{created['id']}", {"follow_up_on": "2020-01-01"})
    assert past.status_code == 400 and past.json()["errors"][0]["field"] == "follow_up_on"
    page = Client()
    page.force_login(pair.manager.user)
    html = page.get(f"/engagement/interventions/{created['id']}/").content.decode()
    assert "Health then → now" in html and "Meetings vs cadence" in html


def test_the_at_risk_list_takes_the_same_number_of_queries_for_1_or_6_relationships(
    pair, frozen, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _at_risk(pair, frozen)
    client = Client()
    client.force_login(pair.manager.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/engagement/programs/{pair.program.pk}/at-risk/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        other = make_pair(program=pair.program)
        Relationship.objects.filter(pk=other.relationship.pk).update(started_on=dt.date(2025, 1, 6))
    assert count() == few


ROLES = ["anonymous", "employee", "mentee", "mentor", "manager of another program", "leader"]


@pytest.fixture
def clients(pair):
    other = make_pair()
    return {
        "anonymous": ApiClient(),
        "employee": ApiClient(EmployeeFactory().user),
        "mentee": pair.client("mentee"),
        "mentor": pair.client("mentor"),
        "manager of another program": other.client("manager"),
        "leader": ApiClient(EmployeeFactory(user__is_leader=True).user),
        "admin": ApiClient(EmployeeFactory(user__is_org_admin=True).user),
    }


@pytest.mark.parametrize("who", ROLES)
def test_the_at_risk_chain_is_refused_to_everyone_but_managers_and_admins(who, pair, clients):
    client = clients[who]
    program, relationship = pair.program.pk, pair.relationship.pk
    item = Intervention.objects.create(relationship=pair.relationship, action="nudge")
    refused = {401} if who == "anonymous" else {403, 404}
    assert client.get(f"/api/v1/programs/{program}/at-risk").status_code in refused
    assert client.get(f"/api/v1/programs/{program}/nudge-rules").status_code in refused
    assert (
        client.put(
            f"/api/v1/programs/{program}/nudge-rules", [{"rule": "no_meeting", "enabled": False}]
        ).status_code
        in refused
    )
    assert client.get(f"/api/v1/relationships/{relationship}/interventions").status_code in refused
    assert (
        client.post(
            f"/api/v1/relationships/{relationship}/interventions", {"action": "pause"}
        ).status_code
        in refused
    )
    assert client.patch(f"/api/v1/interventions/{item.pk}", {"outcome": "other"}).status_code in {
        401,
        404,
    }
    assert reload(pair.relationship).status == "active"
    assert Intervention.objects.count() == 1


def test_an_org_admin_may_act_on_any_program(pair, clients):
    assert clients["admin"].get(f"/api/v1/programs/{pair.program.pk}/at-risk").status_code == 200


@pytest.mark.parametrize("path", ["at-risk/", "nudges/", "channels/"])
@pytest.mark.parametrize("who", ["employee", "mentee", "other manager"])
def test_the_managers_pages_are_refused_to_others(path, who, pair):
    people = {
        "employee": EmployeeFactory(),
        "mentee": pair.mentee,
        "other manager": make_pair().manager,
    }
    client = Client()
    client.force_login(people[who].user)
    assert client.get(f"/engagement/programs/{pair.program.pk}/{path}").status_code in {403, 404}
    assert Client().get(f"/engagement/programs/{pair.program.pk}/{path}").status_code == 302
