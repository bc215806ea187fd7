"""The relationships API: contract, errors, and the authorisation matrix of every endpoint."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.relationships import goals, meetings, notes, services
from tandem.relationships.models import Goal, Meeting, Relationship
from tests.relationships.conftest import NOW, reload
from tests.relationships.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

GOAL = {
    "title": "Run the Q3 planning workshop",
    "metric": "Workshop held, 10+ attendees, plan published",
    "plan": "Shadow Marta's session, draft the agenda, rehearse",
    "relevance": "Facilitation is the skill my next role needs",
    "due_on": "2025-08-29",
}


@pytest.fixture
def content(pair, frozen):
    """A goal with a milestone, a future and a held meeting, shared and private notes."""
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        **{**GOAL, "due_on": dt.date(2025, 8, 29)},
    )
    milestone = goals.add_milestone(goal=goal, actor=pair.mentee.user, title="Draft agenda")
    [future] = meetings.schedule_meeting(
        relationship=pair.relationship, actor=pair.mentee.user, starts_at=NOW + dt.timedelta(days=7)
    )
    [held] = meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        starts_at=NOW - dt.timedelta(days=2),
        allow_past=True,
    )
    held.relationship = pair.relationship
    meetings.update_meeting(meeting=held, actor=pair.mentee.user, data={"status": "held"})
    shared = notes.add_note(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        body="SHARED: we agreed on the workshop",
        meeting=held,
    )
    private = notes.add_note(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        body="PRIVATE: I am nervous about Marta's feedback",
        visibility="private",
        meeting=held,
    )
    return {
        "goal": goal,
        "milestone": milestone,
        "future": future,
        "held": held,
        "shared": shared,
        "private": private,
    }


def _r(pair):
    return f"/api/v1/relationships/{pair.relationship.pk}"


# --- contract ----------------------------------------------------------------------------


def test_a_member_lists_their_relationships_with_participant_ids(pair):
    body = pair.client("mentee").get("/api/v1/relationships").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["mentor_id"] == pair.mentor_participant.pk
    assert item["mentee_ids"] == [pair.mentee_participant.pk]
    assert item["status"] == "active"
    assert item["started_on"] == "2025-03-03"
    assert {"id", "program_id", "ended_on", "health", "members"} <= set(item)


def test_a_manager_lists_a_programs_relationships_with_stats_but_no_contents(pair, content):
    body = pair.client("manager").get(f"/api/v1/relationships?program_id={pair.program.pk}").json()
    [item] = body["items"]
    assert item["meetings_held"] == 1
    assert item["goals_total"] == 1
    assert item["last_meeting_at"].startswith("2025-03-01")
    text = str(body)
    assert "SHARED" not in text and "PRIVATE" not in text and GOAL["title"] not in text


def test_listing_a_program_you_do_not_manage_is_403(pair, outsiders):
    for who in ("another mentee", "manager of another program", "employee"):
        response = outsiders[who].get(f"/api/v1/relationships?program_id={pair.program.pk}")
        assert response.status_code == 403, who
    assert (
        pair.client("mentee").get(f"/api/v1/relationships?program_id={pair.program.pk}").status_code
        == 403
    )
    assert outsiders["anonymous"].get("/api/v1/relationships").status_code == 401


def test_a_manager_creates_a_relationship_through_the_api(pair):
    mentor = ParticipantFactory(program=pair.program, role="mentor", capacity=2)
    mentee = ParticipantFactory(program=pair.program, role="mentee")
    payload = {"program_id": pair.program.pk, "mentor_id": mentor.pk, "mentee_ids": [mentee.pk]}
    response = pair.client("manager").post("/api/v1/relationships", payload)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"
    assert response.json()["mentor_id"] == mentor.pk


def test_creating_a_relationship_by_hand_is_refused_to_non_managers(pair, outsiders):
    mentor = ParticipantFactory(program=pair.program, role="mentor", capacity=2)
    mentee = ParticipantFactory(program=pair.program, role="mentee")
    payload = {"program_id": pair.program.pk, "mentor_id": mentor.pk, "mentee_ids": [mentee.pk]}
    for who in ("another mentee", "manager of another program", "employee"):
        assert outsiders[who].post("/api/v1/relationships", payload).status_code == 403, who
    assert pair.client("mentee").post("/api/v1/relationships", payload).status_code == 403
    assert outsiders["anonymous"].post("/api/v1/relationships", payload).status_code == 401


def test_an_unknown_participant_is_a_400_naming_the_field(pair):
    payload = {"program_id": pair.program.pk, "mentor_id": 999999, "mentee_ids": [999998]}
    response = pair.client("manager").post("/api/v1/relationships", payload)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "mentee_ids"


def test_the_agreement_is_read_and_accepted_through_the_api(pending_pair):
    path = f"/api/v1/relationships/{pending_pair.relationship.pk}/agreement"
    body = pending_pair.client("mentee").get(path).json()
    assert body["text"].startswith("We meet every two weeks")
    assert body["accepted_by_all"] is False
    pending_pair.client("mentee").post(path, {"notes": "Cameras on, please"})
    body = pending_pair.client("mentor").post(path, {}).json()
    assert body["accepted_by_all"] is True
    assert body["status"] == "active"
    assert [m["notes"] for m in body["members"] if m["role"] == "mentee"] == ["Cameras on, please"]


def test_ending_a_relationship_early_needs_a_reason(pair):
    response = pair.client("mentee").patch(_r(pair), {"status": "ended"})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "reason", "message": services.REASON_REQUIRED}]
    response = pair.client("mentee").patch(_r(pair), {"status": "ended", "reason": "New job"})
    assert response.status_code == 200
    assert response.json()["ended_on"] == "2025-03-03"


def test_an_impossible_status_change_is_409(pending_pair):
    response = pending_pair.client("mentee").patch(
        f"/api/v1/relationships/{pending_pair.relationship.pk}", {"status": "active"}
    )
    assert response.status_code == 409
    response = pending_pair.client("mentee").patch(
        f"/api/v1/relationships/{pending_pair.relationship.pk}", {"status": "paused"}
    )
    assert response.status_code == 409


def test_a_manager_pauses_a_relationship_they_oversee(pair):
    response = pair.client("manager").patch(_r(pair), {"status": "paused"})
    assert response.status_code == 200
    assert response.json()["status"] == "paused"


def test_a_goal_missing_smart_parts_is_a_400_listing_each(pair):
    response = pair.client("mentee").post(
        f"{_r(pair)}/goals", {"title": "Grow", "due_on": "2025-01-01"}
    )
    assert response.status_code == 400
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["metric"] == goals.METRIC_MISSING
    assert fields["due_on"] == goals.DUE_IN_PAST.format(due="2025-01-01")
    assert "too vague" in fields["title"]


def test_goals_and_milestones_round_trip_through_the_api(pair):
    client = pair.client("mentee")
    goal = client.post(f"{_r(pair)}/goals", GOAL)
    assert goal.status_code == 201, goal.json()
    goal_id = goal.json()["id"]
    milestone = client.post(
        f"/api/v1/goals/{goal_id}/milestones", {"title": "Book the room", "due_on": "2025-04-01"}
    )
    assert milestone.status_code == 201
    done = pair.client("mentor").patch(
        f"/api/v1/milestones/{milestone.json()['id']}", {"completed": True}
    )
    assert done.json()["completed"] is True
    body = client.get(f"/api/v1/goals/{goal_id}").json()
    assert body["progress"] == 100
    assert client.get(f"{_r(pair)}/goals").json()["count"] == 1
    patched = client.patch(f"/api/v1/goals/{goal_id}", {"progress": 40})
    assert patched.json()["progress_set_by_hand"] is True
    comment = pair.client("mentor").post(f"/api/v1/goals/{goal_id}/comments", {"body": "Nice!"})
    assert comment.status_code == 201


def test_meetings_pulses_and_notes_round_trip_through_the_api(pair):
    client = pair.client("mentee")
    meeting = client.post(
        f"{_r(pair)}/meetings",
        {"starts_at": "2025-03-04T09:00:00+09:00", "format": "phone", "duration_minutes": 30},
    )
    assert meeting.status_code == 201, meeting.json()
    meeting_id = meeting.json()["id"]
    assert meeting.json()["invite_url"] == f"/api/v1/meetings/{meeting_id}/invite.ics"
    early = client.post(f"/api/v1/meetings/{meeting_id}/pulse", {"rating": 4})
    assert early.status_code == 409
    Meeting.objects.filter(pk=meeting_id).update(starts_at=NOW - dt.timedelta(hours=3))
    assert client.patch(f"/api/v1/meetings/{meeting_id}", {"status": "held"}).status_code == 200
    pulse = client.post(
        f"/api/v1/meetings/{meeting_id}/pulse", {"rating": 5, "good_fit": True, "comment": "Great"}
    )
    assert pulse.status_code == 201
    assert client.post(f"/api/v1/meetings/{meeting_id}/pulse", {"rating": 5}).status_code == 409
    assert client.get(f"/api/v1/meetings/{meeting_id}/pulse").json()["rating"] == 5
    assert pair.client("mentor").get(f"/api/v1/meetings/{meeting_id}/pulse").status_code == 404
    note = client.post(f"{_r(pair)}/notes", {"body": "Next: rehearse", "meeting_id": meeting_id})
    assert note.status_code == 201
    assert client.get(f"{_r(pair)}/meetings?status=held").json()["count"] == 1


def test_bad_meeting_input_is_a_4xx_never_a_500(pair):
    client = pair.client("mentee")
    assert client.post(f"{_r(pair)}/meetings", {"starts_at": "tomorrow"}).status_code == 422
    assert (
        client.post(
            f"{_r(pair)}/meetings", {"starts_at": "2025-03-10T09:00:00", "duration_minutes": 0}
        ).status_code
        == 422
    )
    bad_zone = client.post(
        f"{_r(pair)}/meetings", {"starts_at": "2025-03-10T09:00:00", "time_zone": "Nowhere/Land"}
    )
    assert bad_zone.status_code == 400
    assert client.post(f"/api/v1/meetings/{999999}/pulse", {"rating": 9}).status_code in {404, 422}


def test_the_closure_survey_round_trips_through_the_api(pair):
    client = pair.client("mentee")
    survey = {"achieved": "My first talk", "rating": 5, "would_recommend": True}
    assert client.post(f"{_r(pair)}/closure-survey", survey).status_code == 409
    client.patch(_r(pair), {"status": "completed"})
    assert client.post(f"{_r(pair)}/closure-survey", survey).status_code == 201
    assert client.get(f"{_r(pair)}/closure-survey").json()["achieved"] == "My first talk"
    assert pair.client("mentor").get(f"{_r(pair)}/closure-survey").status_code == 404


def test_a_completed_relationship_stays_readable_by_its_members(pair, content):
    pair.client("mentor").patch(_r(pair), {"status": "completed"})
    client = pair.client("mentee")
    assert client.get(_r(pair)).json()["status"] == "completed"
    assert client.get(f"{_r(pair)}/goals").json()["count"] == 1
    assert client.get(f"{_r(pair)}/notes").json()["count"] == 2
    assert client.post(f"{_r(pair)}/notes", {"body": "late"}).status_code == 409


def test_the_recognition_feed_is_readable_by_program_participants_only(pair, content, outsiders):
    pair.client("mentee").patch(
        f"/api/v1/milestones/{content['milestone'].pk}", {"completed": True}
    )
    path = f"/api/v1/programs/{pair.program.pk}/celebrations"
    titles = [c["title"] for c in pair.client("mentor").get(path).json()["items"]]
    assert titles == ["Milestone reached: Draft agenda"]
    assert outsiders["manager of this program"].get(path).status_code == 200
    for who in ("another mentee", "manager of another program", "employee"):
        assert outsiders[who].get(path).status_code == 403, who


# --- the authorisation matrix ----------------------------------------------------------------

NON_MEMBERS = ["another mentee", "another mentor", "manager of another program", "employee"]
OVERSEERS = ["manager of this program", "org admin"]


def _endpoints(pair, content):
    r = _r(pair)
    goal, milestone = content["goal"].pk, content["milestone"].pk
    meeting, note = content["held"].pk, content["shared"].pk
    return [
        ("get", f"{r}/agreement", None),
        ("post", f"{r}/agreement", {}),
        ("get", f"{r}/goals", None),
        ("post", f"{r}/goals", GOAL),
        ("get", f"/api/v1/goals/{goal}", None),
        ("patch", f"/api/v1/goals/{goal}", {"progress": 10}),
        ("get", f"/api/v1/goals/{goal}/milestones", None),
        ("post", f"/api/v1/goals/{goal}/milestones", {"title": "x"}),
        ("get", f"/api/v1/goals/{goal}/comments", None),
        ("post", f"/api/v1/goals/{goal}/comments", {"body": "x"}),
        ("patch", f"/api/v1/milestones/{milestone}", {"completed": True}),
        ("get", f"{r}/meetings", None),
        ("post", f"{r}/meetings", {"starts_at": "2025-04-01T10:00:00Z"}),
        ("get", f"/api/v1/meetings/{meeting}", None),
        ("patch", f"/api/v1/meetings/{meeting}", {"status": "no_show"}),
        ("get", f"/api/v1/meetings/{meeting}/invite.ics", None),
        ("post", f"/api/v1/meetings/{meeting}/pulse", {"rating": 3}),
        ("get", f"/api/v1/meetings/{meeting}/pulse", None),
        ("get", f"{r}/notes", None),
        ("post", f"{r}/notes", {"body": "x"}),
        ("get", f"/api/v1/notes/{note}", None),
        ("delete", f"/api/v1/notes/{note}", None),
        ("get", f"{r}/closure-survey", None),
        ("post", f"{r}/closure-survey", {"achieved": "x", "rating": 3, "would_recommend": True}),
    ]


def _call(client, method, path, data):
    if method in {"get", "delete"}:
        return getattr(client, method)(path)
    return getattr(client, method)(path, data)


@pytest.mark.parametrize("who", NON_MEMBERS)
def test_non_members_get_404_for_every_relationship_endpoint(pair, content, outsiders, who):
    client = outsiders[who]
    assert client.get(_r(pair)).status_code == 404
    assert client.patch(_r(pair), {"status": "paused"}).status_code == 404
    for method, path, data in _endpoints(pair, content):
        response = _call(client, method, path, data)
        assert response.status_code == 404, (who, method, path, response.status_code)


@pytest.mark.parametrize("who", OVERSEERS)
def test_managers_and_admins_see_metadata_but_are_refused_every_content_endpoint(
    pair, content, outsiders, who
):
    client = outsiders[who]
    detail = client.get(_r(pair))
    assert detail.status_code == 200
    assert detail.json()["meetings_held"] == 1
    for method, path, data in _endpoints(pair, content):
        response = _call(client, method, path, data)
        assert response.status_code in {403, 404}, (who, method, path, response.status_code)
        assert b"PRIVATE" not in response.content and b"SHARED" not in response.content


def test_anonymous_callers_get_401_everywhere(pair, content, outsiders):
    client = outsiders["anonymous"]
    assert client.get(_r(pair)).status_code == 401
    for method, path, data in _endpoints(pair, content):
        assert _call(client, method, path, data).status_code == 401, (method, path)


def test_the_mentor_may_not_draft_or_edit_the_mentees_goal(pair, content):
    client = pair.client("mentor")
    assert client.post(f"{_r(pair)}/goals", GOAL).status_code == 403
    goal = content["goal"].pk
    assert client.patch(f"/api/v1/goals/{goal}", {"title": "Mentor's idea"}).status_code == 403
    assert client.post(f"/api/v1/goals/{goal}/milestones", {"title": "x"}).status_code == 403
    assert Goal.objects.get(pk=goal).title == GOAL["title"]


def test_ids_of_another_pair_never_leak_through_a_members_own_relationship(pair, content):
    from tests.relationships.conftest import make_pair

    other = make_pair()
    foreign_meeting = meetings.schedule_meeting(
        relationship=other.relationship,
        actor=other.mentee.user,
        starts_at=NOW + dt.timedelta(days=1),
    )[0]
    response = pair.client("mentee").post(
        f"{_r(pair)}/notes", {"body": "x", "meeting_id": foreign_meeting.pk}
    )
    assert response.status_code == 404
    assert reload(pair.relationship).status == Relationship.Status.ACTIVE
