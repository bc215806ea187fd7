"""Mentee choice: recommendations, bookmarks, requests, deadlines, the last free seat."""

from __future__ import annotations

import datetime as dt
import os
import threading
from typing import Any

import pytest
from django.db import connection, connections

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.engagement.models import Notification
from tandem.matchmaking import choice
from tandem.matchmaking.models import Bookmark, ExcludedPair, MatchRequest
from tandem.programs.models import Participant
from tandem.relationships.models import Relationship
from tests.factories import EmployeeFactory

from .conftest import make_cohort


def _choice_cohort(**kwargs: Any):
    return make_cohort(mode="mentee_choice", **kwargs)


@pytest.mark.django_db
def test_recommendations_are_ranked_and_explained():
    c = _choice_cohort(mentors=3, mentees=1)
    recs = choice.recommend_mentors(program=c.program, mentee=c.mentees[0])
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    assert recs[0].mentor == c.mentors[0]  # the SQL expert for the mentee who wants SQL
    assert recs[0].reasons[0]["detail"].startswith("shares 1 of 1 skills")
    assert recs[0].free == 2


@pytest.mark.django_db
def test_full_and_forbidden_mentors_are_not_recommended():
    c = _choice_cohort(mentors=3, mentees=2, capacity=1)
    from tandem.relationships.services import create_relationship

    create_relationship(
        program=c.program,
        mentor=c.mentors[0],
        mentees=[c.mentees[1]],
        kind="pair",
        actor=c.manager.user,
        notify=False,
    )
    ExcludedPair.objects.create(program=c.program, mentee=c.mentees[0], mentor=c.mentors[1])
    recs = choice.recommend_mentors(program=c.program, mentee=c.mentees[0])
    assert [r.mentor for r in recs] == [c.mentors[2]]


@pytest.mark.django_db
def test_bookmarks_toggle_and_boost_nothing_else():
    c = _choice_cohort(mentors=2, mentees=1)
    user = c.mentees[0].person.user
    assert choice.toggle_bookmark(actor=user, program=c.program, mentor=c.mentors[1]) is True
    recs = {
        r.mentor.pk: r for r in choice.recommend_mentors(program=c.program, mentee=c.mentees[0])
    }
    assert recs[c.mentors[1].pk].bookmarked
    assert choice.toggle_bookmark(actor=user, program=c.program, mentor=c.mentors[1]) is False
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_request_then_accept_creates_a_pending_relationship_and_tells_the_mentee():
    c = _choice_cohort(mentors=1, mentees=1)
    req = choice.request_mentor(
        actor=c.mentees[0].person.user,
        program=c.program,
        mentor=c.mentors[0],
        message="Teach me SQL",
    )
    assert req.status == "pending" and req.score and req.reasons
    assert req.expires_at > clock.now() + dt.timedelta(days=6)
    assert Notification.objects.filter(recipient=c.mentors[0].person).exists()
    choice.accept_match_request(actor=c.mentors[0].person.user, request=req)
    req.refresh_from_db()
    rel = Relationship.objects.get(pk=req.relationship_id)
    assert rel.status == "pending" and rel.match_reasons
    assert Participant.objects.get(pk=c.mentees[0].pk).status == "matched"
    assert Notification.objects.filter(recipient=c.mentees[0].person, title__contains="accepted")


@pytest.mark.django_db
def test_only_one_pending_request_at_a_time_and_only_in_choice_programs():
    c = _choice_cohort(mentors=2, mentees=1)
    user = c.mentees[0].person.user
    choice.request_mentor(actor=user, program=c.program, mentor=c.mentors[0])
    with pytest.raises(ConflictError, match="already have a request"):
        choice.request_mentor(actor=user, program=c.program, mentor=c.mentors[1])
    admin_run = make_cohort(mentors=1, mentees=1)
    with pytest.raises(DomainError, match="managers match people"):
        choice.request_mentor(
            actor=admin_run.mentees[0].person.user,
            program=admin_run.program,
            mentor=admin_run.mentors[0],
        )


@pytest.mark.django_db
def test_only_the_addressed_mentor_answers_and_only_the_mentee_withdraws():
    c = _choice_cohort(mentors=2, mentees=1)
    req = choice.request_mentor(
        actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0]
    )
    for intruder in (c.mentors[1].person.user, c.manager.user, c.mentees[0].person.user):
        with pytest.raises(NotAllowed):
            choice.accept_match_request(actor=intruder, request=req)
    with pytest.raises(NotAllowed):
        choice.withdraw_match_request(actor=c.mentors[0].person.user, request=req)
    choice.withdraw_match_request(actor=c.mentees[0].person.user, request=req)
    with pytest.raises(ConflictError, match="already withdrawn"):
        choice.accept_match_request(actor=c.mentors[0].person.user, request=req)


@pytest.mark.django_db
def test_declined_lets_the_mentee_choose_again():
    c = _choice_cohort(mentors=2, mentees=1)
    user = c.mentees[0].person.user
    req = choice.request_mentor(actor=user, program=c.program, mentor=c.mentors[0])
    choice.decline_match_request(actor=c.mentors[0].person.user, request=req, note="Too busy")
    assert Notification.objects.filter(recipient=c.mentees[0].person, title__contains="declined")
    assert choice.request_mentor(actor=user, program=c.program, mentor=c.mentors[1])


@pytest.mark.django_db
def test_requests_expire_after_the_deadline(monkeypatch):
    c = _choice_cohort(mentors=1, mentees=1)
    c.program.request_expiry_days = 3
    c.program.save()
    req = choice.request_mentor(
        actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0]
    )
    later = clock.now() + dt.timedelta(days=3, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    with pytest.raises(ConflictError, match="expired"):
        choice.accept_match_request(actor=c.mentors[0].person.user, request=req)
    from tandem.engagement.nudging.engine import evaluate

    assert evaluate(now=later, only=["request_expired"]).sent["request_expired"] == 1
    assert evaluate(now=later, only=["request_expired"]).sent["request_expired"] == 0
    req.refresh_from_db()
    assert req.status == "expired"
    assert (
        Notification.objects.filter(
            recipient=c.mentees[0].person, title__contains="expired"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_filling_the_last_seat_declines_the_other_requests():
    c = _choice_cohort(mentors=1, mentees=2, capacity=1)
    a = choice.request_mentor(
        actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0]
    )
    b = choice.request_mentor(
        actor=c.mentees[1].person.user, program=c.program, mentor=c.mentors[0]
    )
    choice.accept_match_request(actor=c.mentors[0].person.user, request=a)
    b.refresh_from_db()
    assert b.status == "declined" and b.answer_note == choice.FULL_NOTE
    with pytest.raises(ConflictError):
        choice.request_mentor(
            actor=c.mentees[1].person.user, program=c.program, mentor=c.mentors[0]
        )


@pytest.mark.django_db
def test_a_mentee_cannot_request_their_own_manager():
    c = _choice_cohort(mentors=1, mentees=1)
    mentee = c.mentees[0].person
    mentee.manager = c.mentors[0].person
    mentee.save()
    with pytest.raises(DomainError, match="management chain"):
        choice.request_mentor(actor=mentee.user, program=c.program, mentor=c.mentors[0])


@pytest.mark.django_db
def test_non_mentees_cannot_request():
    c = _choice_cohort(mentors=1, mentees=1)
    with pytest.raises(NotAllowed):
        choice.request_mentor(actor=EmployeeFactory().user, program=c.program, mentor=c.mentors[0])


# --- the last free seat under concurrency --------------------------------------------------


def _race(request_ids: list[int], mentor_user_id: int) -> list[Any]:
    from tandem.accounts.models import User

    barrier = threading.Barrier(len(request_ids))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def attempt(request_id: int) -> None:
        try:
            user = User.objects.get(pk=mentor_user_id)
            req = MatchRequest.objects.select_related(
                "program", "mentee__person", "mentor__person"
            ).get(pk=request_id)
            barrier.wait(timeout=10)
            result: Any = choice.accept_match_request(actor=user, request=req)
        except Exception as exc:
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(rid,)) for rid in request_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _last_seat_race(n: int) -> None:
    c = _choice_cohort(mentors=1, mentees=n, capacity=1)
    ids = []
    for mentee in c.mentees:
        # Requests are created directly: request_mentor already refuses a full mentor.
        ids.append(
            MatchRequest.objects.create(
                program=c.program,
                mentee=mentee,
                mentor=c.mentors[0],
                expires_at=clock.now() + dt.timedelta(days=7),
            ).pk
        )
    outcomes = _race(ids, c.mentors[0].person.user.pk)
    winners = [o for o in outcomes if isinstance(o, MatchRequest)]
    losers = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(winners) == 1, outcomes
    assert len(losers) == n - 1, outcomes
    assert Relationship.objects.filter(program=c.program).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_cannot_take_the_last_seat_twice():
    _last_seat_race(2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_seat_holds_under_concurrent_acceptances_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    assert os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    _last_seat_race(4)


@pytest.mark.django_db
def test_scores_on_the_choose_page_and_of_manual_pairs_equal_the_scores_of_a_run(run_now):
    from tandem.matchmaking import review
    from tandem.matchmaking.models import Proposal

    c = make_cohort(mode="hybrid", mentors=3, mentees=5)
    c.program.matching_weights = {"goals_text": 3.0, "skills": 1.0}
    c.program.save()
    run = run_now(c.program, c.manager.user)
    proposals = list(Proposal.objects.filter(run=run).select_related("mentee", "mentor"))
    assert proposals
    for proposal in proposals:
        recs = choice.recommend_mentors(program=c.program, mentee=proposal.mentee)
        shown = {r.mentor.pk: r.score for r in recs}
        assert shown[proposal.mentor_id] == pytest.approx(proposal.score, abs=1e-4)
        manual, _, _ = review.assignment_check(
            run=run, mentee=proposal.mentee, mentor=proposal.mentor, exclude=proposal.pk
        )
        assert manual == pytest.approx(proposal.score, abs=1e-4)
