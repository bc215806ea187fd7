"""The API: shapes per API.md and the authorization matrix of every endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.matchmaking import choice, publishing
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(run_now: Any) -> dict[str, Any]:
    c = make_cohort(mentors=3, mentees=4, mode="hybrid")
    run = run_now(c.program, c.manager.user)
    other_manager = EmployeeFactory()
    make_cohort(mentors=1, mentees=1).program.managers.add(other_manager)
    return {
        "c": c,
        "run": run,
        "proposal": run.proposals.first(),
        "clients": {
            "anonymous": ApiClient(),
            "employee": ApiClient(EmployeeFactory().user),
            "mentee": ApiClient(c.mentees[0].person.user),
            "mentor": ApiClient(c.mentors[0].person.user),
            "other_manager": ApiClient(other_manager.user),
            "leader": ApiClient(EmployeeFactory(user__is_leader=True).user),
            "manager": ApiClient(c.manager.user),
            "admin": ApiClient(EmployeeFactory(user__is_org_admin=True).user),
        },
    }


REFUSED = ["anonymous", "employee", "mentee", "mentor", "other_manager", "leader"]


def _manager_endpoints(w: dict[str, Any]) -> list[tuple[str, str, Any]]:
    run, p, c = w["run"], w["proposal"], w["c"]
    return [
        ("get", f"/api/v1/programs/{c.program.pk}/match-runs", None),
        ("post", f"/api/v1/programs/{c.program.pk}/match-runs", {}),
        ("get", f"/api/v1/match-runs/{run.pk}", None),
        ("post", f"/api/v1/match-runs/{run.pk}/rerun", {}),
        ("patch", f"/api/v1/match-runs/{run.pk}/proposals/{p.pk}", {"locked": True}),
        (
            "post",
            f"/api/v1/match-runs/{run.pk}/proposals",
            {"mentee_id": p.mentee_id, "mentor_id": p.mentor_id},
        ),
        ("get", f"/api/v1/match-runs/{run.pk}/compare/{run.pk}", None),
        ("post", f"/api/v1/match-runs/{run.pk}/publish", None),
    ]


@pytest.mark.parametrize("role", REFUSED)
def test_run_endpoints_refuse_everyone_but_the_programs_managers(world, role):
    client = world["clients"][role]
    for method, path, body in _manager_endpoints(world):
        response = getattr(client, method)(path, body)
        expected = {401} if role == "anonymous" else {403, 404}
        assert response.status_code in expected, (role, method, path, response.json())
        if role != "anonymous" and "/match-runs/" in path:
            assert response.status_code == 404  # runs are invisible to non-managers


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_may_read_runs(world, role):
    client = world["clients"][role]
    assert client.get(f"/api/v1/match-runs/{world['run'].pk}").status_code == 200
    response = client.get(f"/api/v1/programs/{world['c'].program.pk}/match-runs")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_run_shape_follows_api_md(world):
    body = world["clients"]["manager"].get(f"/api/v1/match-runs/{world['run'].pk}").json()
    assert body["status"] == "completed"
    assert {"objective", "matched", "unmatched", "seconds", "certified_optimal"} <= set(
        body["stats"]
    )
    proposal = body["proposals"][0]
    assert {"id", "mentee_id", "mentor_id", "score", "reasons", "locked"} <= set(proposal)
    assert set(proposal["reasons"][0]) == {"criterion", "contribution", "detail"}
    participant_ids = {p.pk for p in world["c"].mentees}
    assert {p["mentee_id"] for p in body["proposals"]} <= participant_ids
    assert set(body["fairness"]) == {
        *("department", "level", "location"),
        *("gender", "ethnicity", "age_band", "disability"),
    }
    assert isinstance(body["unmatched"], list)


def test_start_run_returns_201_and_validates(world, django_capture_on_commit_callbacks):
    client = world["clients"]["manager"]
    path = f"/api/v1/programs/{world['c'].program.pk}/match-runs"
    bad = client.post(path, {"weights": {"charisma": 2}})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "weights"
    assert client.post(path, {"solver": "greedy"}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"weights": {"skills": 1}, "solver": "stable"})
    assert response.status_code == 201
    assert response.json()["weights"] == {"skills": 1.0}
    assert response.json()["solver"] == "stable"


def test_patch_lock_reject_and_reassign_with_confirmation(world):
    client, run, p = world["clients"]["manager"], world["run"], world["proposal"]
    path = f"/api/v1/match-runs/{run.pk}/proposals/{p.pk}"
    locked = client.patch(path, {"locked": True}).json()
    assert locked["locked"] is True
    assert client.patch(path, {"rejected": True}).status_code == 409
    client.patch(path, {"locked": False})
    other = next(m for m in world["c"].mentors if m.pk != p.mentor_id)
    response = client.patch(path, {"mentor_id": other.pk})
    if response.status_code == 409:  # capacity warning
        assert response.json()["errors"][0]["field"] == "mentor_id"
        response = client.patch(path, {"mentor_id": other.pk, "confirm": True})
    assert response.status_code == 200
    assert response.json()["mentor_id"] == other.pk and response.json()["manual"]
    assert client.patch(path, {"mentor_id": 2**62}).status_code == 404


def test_publish_then_409_then_read_only(world):
    client, run = world["clients"]["manager"], world["run"]
    first = client.post(f"/api/v1/match-runs/{run.pk}/publish")
    assert first.status_code == 200
    assert first.json()["status"] == "published" and len(first.json()["relationship_ids"]) == 4
    assert client.post(f"/api/v1/match-runs/{run.pk}/publish").status_code == 409
    p = world["proposal"]
    patch = client.patch(f"/api/v1/match-runs/{run.pk}/proposals/{p.pk}", {"locked": True})
    assert patch.status_code == 409


def test_compare_reports_changes(world, run_now):
    c, run = world["c"], world["run"]
    other = run_now(c.program, c.manager.user, weights={"language": 1}, parent=run)
    body = world["clients"]["manager"].get(f"/api/v1/match-runs/{run.pk}/compare/{other.pk}").json()
    assert {"pairs_changed", "mean_score_change", "match_rate_change", "fairness"} <= set(body)


# --- recommendations and requests ----------------------------------------------------------


def test_recommendations_are_for_the_calling_mentee_only(world):
    c = world["c"]
    path = f"/api/v1/programs/{c.program.pk}/recommendations"
    body = world["clients"]["mentee"].get(path).json()
    assert body["count"] == 3
    item = body["items"][0]
    assert {"mentor_id", "score", "reasons", "free_capacity"} <= set(item)
    for role in ("mentor", "manager", "leader"):
        assert world["clients"][role].get(path).status_code == 403
    assert world["clients"]["anonymous"].get(path).status_code == 401


def test_request_accept_flow_and_who_sees_what(world):
    c, clients = world["c"], world["clients"]
    mentor = c.mentors[0]
    created = clients["mentee"].post(
        "/api/v1/match-requests",
        {"program_id": c.program.pk, "mentor_participant_id": mentor.pk, "message": "Hi"},
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    assert created.json()["status"] == "pending" and created.json()["mentor_id"] == mentor.pk
    assert clients["mentor"].get("/api/v1/match-requests").json()["count"] == 1
    assert clients["employee"].get("/api/v1/match-requests").json()["count"] == 0
    other_mentor = ApiClient(c.mentors[1].person.user)
    assert other_mentor.get("/api/v1/match-requests").json()["count"] == 0
    assert other_mentor.post(f"/api/v1/match-requests/{rid}/accept").status_code == 404
    assert clients["mentee"].post(f"/api/v1/match-requests/{rid}/accept").status_code == 403
    assert clients["manager"].post(f"/api/v1/match-requests/{rid}/accept").status_code == 403
    managed = clients["manager"].get(f"/api/v1/match-requests?program_id={c.program.pk}")
    assert managed.json()["count"] == 1
    leader = clients["leader"].get(f"/api/v1/match-requests?program_id={c.program.pk}")
    assert leader.json()["count"] == 0
    accepted = clients["mentor"].post(f"/api/v1/match-requests/{rid}/accept")
    assert accepted.status_code == 200 and accepted.json()["relationship_id"]
    assert clients["mentor"].post(f"/api/v1/match-requests/{rid}/accept").status_code == 409


def test_decline_and_withdraw(world):
    c, clients = world["c"], world["clients"]
    body = {"program_id": c.program.pk, "mentor_participant_id": c.mentors[0].pk}
    rid = clients["mentee"].post("/api/v1/match-requests", body).json()["id"]
    declined = clients["mentor"].post(f"/api/v1/match-requests/{rid}/decline", {"note": "busy"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    rid = (
        clients["mentee"]
        .post("/api/v1/match-requests", body | {"mentor_participant_id": c.mentors[1].pk})
        .json()["id"]
    )
    assert clients["mentor"].post(f"/api/v1/match-requests/{rid}/withdraw").status_code == 404
    assert clients["mentor"].post(f"/api/v1/match-requests/{rid}/decline").status_code == 404
    assert (
        clients["mentee"].post(f"/api/v1/match-requests/{rid}/withdraw").json()["status"]
        == "withdrawn"
    )


def test_requests_refuse_non_mentees_and_bad_input(world):
    c, clients = world["c"], world["clients"]
    body = {"program_id": c.program.pk, "mentor_participant_id": c.mentors[0].pk}
    assert clients["employee"].post("/api/v1/match-requests", body).status_code in {403, 404}
    assert clients["mentor"].post("/api/v1/match-requests", body).status_code == 403
    assert clients["anonymous"].post("/api/v1/match-requests", body).status_code == 401
    assert (
        clients["mentee"]
        .post("/api/v1/match-requests", body | {"mentor_participant_id": 0})
        .status_code
        == 422
    )
    assert (
        clients["mentee"]
        .post("/api/v1/match-requests", body | {"mentor_participant_id": c.mentees[1].pk})
        .status_code
        == 400
    )


def test_bookmarks(world):
    c, clients = world["c"], world["clients"]
    path = f"/api/v1/programs/{c.program.pk}/bookmarks"
    body = {"mentor_participant_id": c.mentors[1].pk}
    assert clients["mentee"].post(path, body).json()["bookmarked"] is True
    assert clients["mentor"].post(path, body).status_code == 403


def test_rematch_endpoint(world):
    c, clients, run = world["c"], world["clients"], world["run"]
    (rel, *_) = publishing.publish_match_run(run=run, actor=c.manager.user)
    body = {"relationship_id": rel.pk, "reason": "Not working"}
    for role in ("mentee", "mentor", "employee", "leader", "other_manager"):
        assert clients[role].post("/api/v1/rematches", body).status_code == 404
    response = clients["manager"].post("/api/v1/rematches", body)
    assert response.status_code == 200
    assert response.json() == {"relationship_id": rel.pk, "status": "ended", "excluded_pairs": 1}


def test_mentees_never_see_other_peoples_scores(world):
    c, clients = world["c"], world["clients"]
    choice.request_mentor(actor=c.mentees[1].person.user, program=c.program, mentor=c.mentors[2])
    mine = clients["mentee"].get("/api/v1/match-requests").json()
    assert mine["count"] == 0
    assert clients["mentee"].get(f"/api/v1/match-runs/{world['run'].pk}").status_code == 404


def test_decline_needs_no_body(world):
    c, clients = world["c"], world["clients"]
    body = {"program_id": c.program.pk, "mentor_participant_id": c.mentors[0].pk}
    rid = clients["mentee"].post("/api/v1/match-requests", body).json()["id"]
    response = clients["mentor"].post(f"/api/v1/match-requests/{rid}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_decline_refuses_a_malformed_body(world):
    c, clients = world["c"], world["clients"]
    body = {"program_id": c.program.pk, "mentor_participant_id": c.mentors[0].pk}
    rid = clients["mentee"].post("/api/v1/match-requests", body).json()["id"]
    response = clients["mentor"].post(f"/api/v1/match-requests/{rid}/decline", {"note": "x" * 600})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "note"
