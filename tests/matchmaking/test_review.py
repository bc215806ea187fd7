"""The manager's review of a completed run: lock, reject, restore, reassign, assign by hand."""

from __future__ import annotations

import pytest

from tandem.core.errors import ConflictError, DomainError
from tandem.matchmaking import review

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_lock_reject_and_restore(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    user = cohort.manager.user
    assert review.update_proposal(proposal=p, actor=user, locked=True).proposal.locked
    with pytest.raises(ConflictError, match="Unlock"):
        review.update_proposal(proposal=p, actor=user, rejected=True)
    review.update_proposal(proposal=p, actor=user, locked=False)
    review.update_proposal(proposal=p, actor=user, rejected=True)
    run.refresh_from_db()
    assert run.stats["rejected"] == 1 and run.stats["unmatched"] == 1 and run.stats["edited"]
    with pytest.raises(ConflictError, match="restore"):
        review.update_proposal(proposal=p, actor=user, locked=True)


def test_reassigning_over_capacity_warns_and_needs_confirmation(run_now):
    c = make_cohort(mentors=2, mentees=2, capacity=1)
    run = run_now(c.program, c.manager.user)
    p = run.proposals.first()
    other = next(m for m in c.mentors if m.pk != p.mentor_id)
    # ``other`` already has the other mentee in this run: a second one exceeds capacity 1.
    with pytest.raises(DomainError) as exc:
        review.update_proposal(proposal=p, actor=c.manager.user, mentor=other)
    assert exc.value.status_code == 409
    assert "free seat" in exc.value.errors[0].message
    change = review.update_proposal(proposal=p, actor=c.manager.user, mentor=other, confirm=True)
    p.refresh_from_db()
    assert p.mentor_id == other.pk and p.manual and p.original_mentor_id
    assert change.warnings and p.reasons


def test_reassigning_to_someone_in_the_management_chain_warns(run_now):
    c = make_cohort(mentors=2, mentees=1, capacity=2)
    run = run_now(c.program, c.manager.user)
    p = run.proposals.get()
    other = next(m for m in c.mentors if m.pk != p.mentor_id)
    mentee = p.mentee.person
    mentee.manager = other.person
    mentee.save()
    with pytest.raises(DomainError, match="hard rule: management chain"):
        review.update_proposal(proposal=p, actor=c.manager.user, mentor=other)


def test_reassigning_to_a_non_mentor_is_refused(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    with pytest.raises(DomainError, match="not an approved mentor"):
        review.update_proposal(proposal=p, actor=cohort.manager.user, mentor=cohort.mentees[1])


def test_an_unmatched_mentee_can_be_assigned_by_hand(run_now):
    c = make_cohort(mentors=1, mentees=3, capacity=2)
    run = run_now(c.program, c.manager.user)
    row = run.unmatched.get()
    with pytest.raises(DomainError):
        review.assign_unmatched(
            run=run, participant=row.participant, mentor=c.mentors[0], actor=c.manager.user
        )
    review.assign_unmatched(
        run=run,
        participant=row.participant,
        mentor=c.mentors[0],
        actor=c.manager.user,
        confirm=True,
    )
    run.refresh_from_db()
    assert run.unmatched.count() == 0 and run.stats["matched"] == 3
