"""Pages: they render for the people allowed, refuse the rest, and their forms work."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tandem.matchmaking import choice, execution, publishing, services
from tandem.matchmaking.models import MatchRun
from tests.factories import EmployeeFactory

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def _client(person: Any | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person.user)
    return client


@pytest.fixture
def world(run_now: Any) -> dict[str, Any]:
    c = make_cohort(mentors=3, mentees=4, mode="hybrid")
    run = run_now(c.program, c.manager.user)
    other_manager = EmployeeFactory()
    make_cohort(mentors=1, mentees=1).program.managers.add(other_manager)
    return {
        "c": c,
        "run": run,
        "people": {
            "anonymous": None,
            "employee": EmployeeFactory(),
            "mentee": c.mentees[0].person,
            "mentor": c.mentors[0].person,
            "other_manager": other_manager,
            "leader": EmployeeFactory(user__is_leader=True),
            "manager": c.manager,
            "admin": EmployeeFactory(user__is_org_admin=True),
        },
    }


def _manager_pages(w: dict[str, Any]) -> list[str]:
    run, c = w["run"], w["c"]
    p = run.proposals.first()
    return [
        reverse("matchmaking:program", args=[c.program.pk]),
        reverse("matchmaking:program_requests", args=[c.program.pk]),
        reverse("matchmaking:run", args=[run.pk]),
        reverse("matchmaking:run_progress", args=[run.pk]),
        reverse("matchmaking:run_publish", args=[run.pk]),
        reverse("matchmaking:run_compare", args=[run.pk, run.pk]),
        reverse("matchmaking:proposal_reassign", args=[run.pk, p.pk]),
    ]


@pytest.mark.parametrize("role", ["employee", "mentee", "mentor", "other_manager", "leader"])
def test_manager_pages_refuse_other_roles(world, role):
    client = _client(world["people"][role])
    for url in _manager_pages(world):
        assert client.get(url).status_code in {403, 404}, (role, url)
        assert client.post(url, {}).status_code in {403, 404, 405}, (role, url)


def test_manager_pages_send_anonymous_visitors_to_sign_in(world):
    for url in _manager_pages(world):
        response = _client(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_manager_pages_render_for_managers_and_admins(world, role):
    client = _client(world["people"][role])
    for url in _manager_pages(world):
        assert client.get(url).status_code == 200, url


def test_the_review_page_shows_scores_reasons_unmatched_and_fairness(world):
    html = (
        _client(world["c"].manager)
        .get(reverse("matchmaking:run", args=[world["run"].pk]))
        .content.decode()
    )
    p = world["run"].proposals.first()
    assert p.mentee.person.full_name in html
    assert 'class="score-bar' in html and "shares 1 of 1 skills" in html
    assert "Fairness" in html and "By department" in html
    assert "What if" in html and "Publish" in html


def test_lock_reject_reassign_and_publish_through_the_pages(world):
    client, run = _client(world["c"].manager), world["run"]
    p1, p2 = run.proposals.order_by("id")[:2]
    client.post(reverse("matchmaking:proposal_action", args=[run.pk, p1.pk]), {"action": "lock"})
    p1.refresh_from_db()
    assert p1.locked
    url = reverse("matchmaking:proposal_reassign", args=[run.pk, p2.pk])
    other = next(m for m in world["c"].mentors if m.pk != p2.mentor_id)
    response = client.post(url, {"mentor_id": other.pk})
    if response.status_code == 200:  # warnings shown: confirm
        assert "Check before you confirm" in response.content.decode()
        response = client.post(url, {"mentor_id": other.pk, "confirm": "on"})
    assert response.status_code == 302
    p2.refresh_from_db()
    assert p2.mentor_id == other.pk
    client.post(reverse("matchmaking:run_publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    again = client.post(reverse("matchmaking:run_publish", args=[run.pk]), follow=True)
    assert "already published" in again.content.decode()


def test_start_a_run_and_what_if_from_the_pages(world, django_capture_on_commit_callbacks):
    client, c, run = _client(world["c"].manager), world["c"], world["run"]
    data = {
        "solver": "optimal",
        "prioritize_coverage": "on",
        "w_skills": "1",
        "w_language": "3",
        "parent_id": str(run.pk),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchmaking:run_start", args=[c.program.pk]), data)
    new = MatchRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("matchmaking:run", args=[new.pk])
    assert new.parent_id == run.pk and new.weights["language"] == 3.0
    page = client.get(reverse("matchmaking:run_compare", args=[run.pk, new.pk]))
    assert "Pairs that changed" in page.content.decode()


def test_progress_polls_while_running_and_refreshes_when_done(world):
    client, c = _client(world["c"].manager), world["c"]
    queued = services.start_match_run(program=c.program, actor=c.manager.user, enqueue=False)
    url = reverse("matchmaking:run_progress", args=[queued.pk])
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    execution.execute_match_run(queued.pk)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_mentee_choice_page_request_and_mentor_inbox(world):
    c = world["c"]
    mentee, mentor = _client(c.mentees[0].person), _client(c.mentors[0].person)
    page = mentee.get(reverse("matchmaking:choose", args=[c.program.pk])).content.decode()
    assert "Recommended mentors" in page and "seats free" in page
    mentee.post(
        reverse("matchmaking:request_new", args=[c.program.pk, c.mentors[0].pk]),
        {"message": "Hello"},
    )
    inbox = mentor.get(reverse("matchmaking:inbox")).content.decode()
    assert "Hello" in inbox and c.mentees[0].person.full_name in inbox
    assert (
        c.mentees[0].person.full_name
        not in _client(c.mentors[1].person).get(reverse("matchmaking:inbox")).content.decode()
    )
    req = c.mentees[0].sent_requests.get()
    mentor.post(reverse("matchmaking:request_accept", args=[req.pk]))
    req.refresh_from_db()
    assert req.status == "accepted"
    managed = _client(c.manager).get(
        reverse("matchmaking:program_requests", args=[c.program.pk]) + "?status=accepted"
    )
    assert c.mentees[0].person.full_name in managed.content.decode()


def test_choice_page_refuses_non_mentees(world):
    url = reverse("matchmaking:choose", args=[world["c"].program.pk])
    for role in ("mentor", "manager", "employee", "leader"):
        assert _client(world["people"][role]).get(url).status_code in {403, 404}


def test_mentors_cannot_answer_requests_addressed_to_others(world):
    c = world["c"]
    req = choice.request_mentor(
        actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0]
    )
    intruder = _client(c.mentors[1].person)
    assert intruder.post(reverse("matchmaking:request_accept", args=[req.pk])).status_code == 404
    req.refresh_from_db()
    assert req.status == "pending"


def test_rematch_page(world):
    c, run = world["c"], world["run"]
    (rel, *_) = publishing.publish_match_run(run=run, actor=c.manager.user)
    url = reverse("matchmaking:rematch", args=[rel.pk])
    assert _client(c.mentees[0].person).get(url).status_code == 404
    client = _client(c.manager)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Not a fit"}).status_code == 302
    rel.refresh_from_db()
    assert rel.status == "ended"


def test_the_hub_and_nav(world):
    client = _client(world["c"].manager)
    html = client.get(reverse("matchmaking:home")).content.decode()
    assert world["c"].program.name in html
    assert 'href="/matchmaking/"' in client.get("/").content.decode()
    assert (
        'href="/matchmaking/"' not in _client(world["people"]["employee"]).get("/").content.decode()
    )


def test_review_page_query_count_does_not_grow_with_the_cohort(
    run_now, django_assert_max_num_queries
):
    small = make_cohort(mentors=2, mentees=3)
    big = make_cohort(mentors=8, mentees=25)
    counts = []
    for c in (small, big):
        run = run_now(c.program, c.manager.user)
        client = _client(c.manager)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("matchmaking:run", args=[run.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0]
