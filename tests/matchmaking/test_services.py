"""The matching workflow's rules: runs, review, re-run, publish, rematch."""

from __future__ import annotations

import pytest

from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.matchmaking import services
from tandem.matchmaking.models import ExcludedPair, MatchRun, Proposal
from tandem.programs.models import Participant
from tandem.relationships.models import Relationship
from tests.factories import EmployeeFactory, PersonFactory

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_a_run_proposes_every_mentee_with_score_and_reasons(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    assert run.status == MatchRun.Status.COMPLETED
    assert run.stats["matched"] == 5 and run.stats["unmatched"] == 0
    assert run.stats["certified_optimal"] is True
    assert set(run.stats["phases"]) == {"translate", "solve", "explain", "save", "total"}
    proposal = run.proposals.order_by("-score").first()
    assert 0 < proposal.score <= 1
    assert proposal.reasons[0].keys() == {"criterion", "contribution", "detail"}
    assert abs(sum(r["contribution"] for r in proposal.reasons) - proposal.score) < 1e-3
    assert AuditLog.objects.filter(action="match_run.start").exists()


def test_capacity_limits_leave_mentees_unmatched_with_a_reason(run_now):
    c = make_cohort(mentors=1, mentees=3, capacity=2)
    run = run_now(c.program, c.manager.user)
    assert run.proposals.count() == 2
    (unmatched,) = run.unmatched.all()
    assert unmatched.code == "compatible_mentors_full"
    assert "full" in unmatched.reason


def test_only_managers_of_the_program_and_admins_start_runs(cohort):
    for person in (EmployeeFactory(), cohort.mentees[0].person, cohort.mentors[0].person):
        with pytest.raises(NotAllowed):
            services.start_match_run(program=cohort.program, actor=person.user)
    admin = EmployeeFactory(user__is_org_admin=True)
    assert services.start_match_run(program=cohort.program, actor=admin.user, enqueue=False)


def test_bad_weights_and_solver_are_refused_by_name(cohort):
    with pytest.raises(DomainError, match="Unknown matching criterion") as exc:
        services.start_match_run(
            program=cohort.program, actor=cohort.manager.user, weights={"charisma": 1}
        )
    assert exc.value.field == "weights"
    with pytest.raises(DomainError, match=services.BAD_SOLVER):
        services.start_match_run(program=cohort.program, actor=cohort.manager.user, solver="x")


def test_a_second_run_cannot_start_while_one_is_queued(cohort):
    services.start_match_run(program=cohort.program, actor=cohort.manager.user, enqueue=False)
    with pytest.raises(ConflictError, match="already in progress"):
        services.start_match_run(program=cohort.program, actor=cohort.manager.user)


def test_executing_the_same_run_twice_does_not_duplicate_proposals(cohort):
    run = services.start_match_run(program=cohort.program, actor=cohort.manager.user, enqueue=False)
    services.execute_match_run(run.pk)
    services.execute_match_run(run.pk)
    assert Proposal.objects.filter(run=run).count() == 5


def test_a_failing_run_is_marked_failed_with_a_readable_error(cohort, monkeypatch):
    from tandem.matchmaking import translate

    def boom(*args, **kwargs):
        raise DomainError("The circles solver is not available.")

    monkeypatch.setattr(translate, "solve", boom)
    run = services.start_match_run(program=cohort.program, actor=cohort.manager.user, enqueue=False)
    run = services.execute_match_run(run.pk)
    assert run.status == MatchRun.Status.FAILED
    assert "circles solver" in run.error


# --- review --------------------------------------------------------------------------------


def test_lock_reject_and_restore(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    user = cohort.manager.user
    assert services.update_proposal(proposal=p, actor=user, locked=True).proposal.locked
    with pytest.raises(ConflictError, match="Unlock"):
        services.update_proposal(proposal=p, actor=user, rejected=True)
    services.update_proposal(proposal=p, actor=user, locked=False)
    services.update_proposal(proposal=p, actor=user, rejected=True)
    run.refresh_from_db()
    assert run.stats["rejected"] == 1 and run.stats["unmatched"] == 1 and run.stats["edited"]
    with pytest.raises(ConflictError, match="restore"):
        services.update_proposal(proposal=p, actor=user, locked=True)


def test_reassigning_over_capacity_warns_and_needs_confirmation(run_now):
    c = make_cohort(mentors=2, mentees=2, capacity=1)
    run = run_now(c.program, c.manager.user)
    p = run.proposals.first()
    other = next(m for m in c.mentors if m.pk != p.mentor_id)
    # ``other`` already has the other mentee in this run: a second one exceeds capacity 1.
    with pytest.raises(DomainError) as exc:
        services.update_proposal(proposal=p, actor=c.manager.user, mentor=other)
    assert exc.value.status_code == 409
    assert "free seat" in exc.value.errors[0].message
    change = services.update_proposal(proposal=p, actor=c.manager.user, mentor=other, confirm=True)
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
        services.update_proposal(proposal=p, actor=c.manager.user, mentor=other)


def test_reassigning_to_a_non_mentor_is_refused(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    with pytest.raises(DomainError, match="not an approved mentor"):
        services.update_proposal(proposal=p, actor=cohort.manager.user, mentor=cohort.mentees[1])


def test_an_unmatched_mentee_can_be_assigned_by_hand(run_now):
    c = make_cohort(mentors=1, mentees=3, capacity=2)
    run = run_now(c.program, c.manager.user)
    row = run.unmatched.get()
    with pytest.raises(DomainError):
        services.assign_unmatched(
            run=run, participant=row.participant, mentor=c.mentors[0], actor=c.manager.user
        )
    services.assign_unmatched(
        run=run,
        participant=row.participant,
        mentor=c.mentors[0],
        actor=c.manager.user,
        confirm=True,
    )
    run.refresh_from_db()
    assert run.unmatched.count() == 0 and run.stats["matched"] == 3


def test_rerun_keeps_locked_pairs_and_never_proposes_rejected_ones(run_now):
    c = make_cohort(mentors=3, mentees=5, capacity=2)
    run = run_now(c.program, c.manager.user)
    first, second = run.proposals.order_by("id")[:2]
    services.update_proposal(proposal=first, actor=c.manager.user, locked=True)
    services.update_proposal(proposal=second, actor=c.manager.user, rejected=True)
    rerun = run_now(c.program, c.manager.user, weights=run.weights, parent=run)
    assert rerun.status == MatchRun.Status.COMPLETED
    kept = rerun.proposals.get(mentee=first.mentee)
    assert kept.locked and kept.mentor_id == first.mentor_id
    again = rerun.proposals.filter(mentee=second.mentee).first()
    assert again is None or again.mentor_id != second.mentor_id
    mentor_load = rerun.proposals.filter(mentor_id=first.mentor_id).count()
    assert mentor_load <= 2  # the locked pair used one of the two seats


def test_published_runs_are_read_only_and_publish_once(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    created = services.publish_match_run(run=run, actor=cohort.manager.user)
    assert len(created) == 5
    assert all(r.status == Relationship.Status.PENDING for r in created)
    assert all(r.match_run_id == run.pk and r.match_reasons for r in created)
    assert set(Participant.objects.filter(role="mentee").values_list("status", flat=True)) == {
        "matched"
    }
    with pytest.raises(ConflictError, match="already published"):
        services.publish_match_run(run=run, actor=cohort.manager.user)
    with pytest.raises(ConflictError, match="read-only"):
        services.update_proposal(
            proposal=run.proposals.first(), actor=cohort.manager.user, locked=True
        )


def test_publishing_notifies_both_people_with_the_reasons(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    services.publish_match_run(run=run, actor=cohort.manager.user)
    p = run.proposals.first()
    mentee_note = Notification.objects.get(recipient=p.mentee.person, kind="match.published")
    assert p.mentor.person.full_name in mentee_note.title
    assert "Why you were matched" in mentee_note.body
    assert Notification.objects.filter(recipient=p.mentor.person, kind="match.published").exists()


def test_publishing_skips_rejected_pairs_and_refuses_if_someone_left(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    services.update_proposal(proposal=p, actor=cohort.manager.user, rejected=True)
    other = run.proposals.exclude(pk=p.pk).first()
    Participant.objects.filter(pk=other.mentee_id).update(status="withdrawn")
    with pytest.raises(ConflictError, match="no longer available"):
        services.publish_match_run(run=run, actor=cohort.manager.user)
    Participant.objects.filter(pk=other.mentee_id).update(status="approved")
    created = services.publish_match_run(run=run, actor=cohort.manager.user)
    assert len(created) == 4


def test_a_second_run_cannot_publish_people_already_matched(cohort, run_now):
    a = run_now(cohort.program, cohort.manager.user)
    b = run_now(cohort.program, cohort.manager.user)
    services.publish_match_run(run=a, actor=cohort.manager.user)
    with pytest.raises(ConflictError, match="no longer available"):
        services.publish_match_run(run=b, actor=cohort.manager.user)


def test_only_managers_publish(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    with pytest.raises(NotAllowed):
        services.publish_match_run(run=run, actor=cohort.mentees[0].person.user)


# --- rematch -------------------------------------------------------------------------------


def test_rematch_returns_both_to_the_pool_and_the_next_run_excludes_the_pair(run_now):
    c = make_cohort(mentors=2, mentees=1, capacity=1)
    run = run_now(c.program, c.manager.user)
    (relationship,) = services.publish_match_run(run=run, actor=c.manager.user)
    pair = run.proposals.get()
    services.rematch_relationship(
        relationship=relationship, actor=c.manager.user, reason="Not a fit"
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ENDED
    assert ExcludedPair.objects.filter(mentee_id=pair.mentee_id, mentor_id=pair.mentor_id).exists()
    assert Participant.objects.get(pk=pair.mentee_id).status == "approved"
    assert Participant.objects.get(pk=pair.mentor_id).status == "approved"
    nxt = run_now(c.program, c.manager.user)
    assert nxt.proposals.get().mentor_id != pair.mentor_id


def test_rematch_needs_a_manager_and_a_reason(run_now):
    c = make_cohort(mentors=1, mentees=1)
    run = run_now(c.program, c.manager.user)
    (relationship,) = services.publish_match_run(run=run, actor=c.manager.user)
    with pytest.raises(NotAllowed):
        services.rematch_relationship(
            relationship=relationship, actor=c.mentees[0].person.user, reason="x"
        )
    with pytest.raises(DomainError, match="Say why"):
        services.rematch_relationship(relationship=relationship, actor=c.manager.user, reason=" ")


def test_unapproved_people_and_directory_only_people_are_ignored(run_now):
    c = make_cohort(mentors=1, mentees=1)
    PersonFactory()
    run = run_now(c.program, c.manager.user)
    assert run.stats["mentees"] == 1


def test_a_confirmed_capacity_override_is_honoured_at_publish(run_now):
    c = make_cohort(mentors=2, mentees=2, capacity=1)
    run = run_now(c.program, c.manager.user)
    p = run.proposals.first()
    other = next(m for m in c.mentors if m.pk != p.mentor_id)
    services.update_proposal(proposal=p, actor=c.manager.user, mentor=other, confirm=True)
    created = services.publish_match_run(run=run, actor=c.manager.user)
    assert len(created) == 2
    assert Participant.objects.get(pk=other.pk).capacity == 2
    assert AuditLog.objects.filter(action="participant.capacity").exists()


def test_the_stable_solver_runs_through_the_same_workflow(run_now):
    pytest.importorskip("tandem.matching.solvers.stable")
    c = make_cohort(mentors=2, mentees=5, capacity=2)
    run = run_now(c.program, c.manager.user, solver="stable")
    assert run.status == MatchRun.Status.COMPLETED, run.error
    assert run.proposals.count() == 4 and run.unmatched.count() == 1
