"""Starting and executing match runs: options, permissions, idempotence, failures, re-runs."""

from __future__ import annotations

import pytest

from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.matchmaking import execution, review, services
from tandem.matchmaking.models import MatchRun, Proposal
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
    execution.execute_match_run(run.pk)
    execution.execute_match_run(run.pk)
    assert Proposal.objects.filter(run=run).count() == 5


def test_a_failing_run_is_marked_failed_with_a_readable_error(cohort, monkeypatch):
    from tandem.matchmaking import translate

    def boom(*args, **kwargs):
        raise DomainError("The circles solver is not available.")

    monkeypatch.setattr(translate, "solve", boom)
    run = services.start_match_run(program=cohort.program, actor=cohort.manager.user, enqueue=False)
    run = execution.execute_match_run(run.pk)
    assert run.status == MatchRun.Status.FAILED
    assert "circles solver" in run.error


def test_unapproved_people_and_directory_only_people_are_ignored(run_now):
    c = make_cohort(mentors=1, mentees=1)
    PersonFactory()
    run = run_now(c.program, c.manager.user)
    assert run.stats["mentees"] == 1


def test_the_stable_solver_runs_through_the_same_workflow(run_now):
    pytest.importorskip("tandem.matching.solvers.stable")
    c = make_cohort(mentors=2, mentees=5, capacity=2)
    run = run_now(c.program, c.manager.user, solver="stable")
    assert run.status == MatchRun.Status.COMPLETED, run.error
    assert run.proposals.count() == 4 and run.unmatched.count() == 1


def test_rerun_keeps_locked_pairs_and_never_proposes_rejected_ones(run_now):
    c = make_cohort(mentors=3, mentees=5, capacity=2)
    run = run_now(c.program, c.manager.user)
    first, second = run.proposals.order_by("id")[:2]
    review.update_proposal(proposal=first, actor=c.manager.user, locked=True)
    review.update_proposal(proposal=second, actor=c.manager.user, rejected=True)
    rerun = run_now(c.program, c.manager.user, weights=run.weights, parent=run)
    assert rerun.status == MatchRun.Status.COMPLETED
    kept = rerun.proposals.get(mentee=first.mentee)
    assert kept.locked and kept.mentor_id == first.mentor_id
    again = rerun.proposals.filter(mentee=second.mentee).first()
    assert again is None or again.mentor_id != second.mentor_id
    mentor_load = rerun.proposals.filter(mentor_id=first.mentor_id).count()
    assert mentor_load <= 2  # the locked pair used one of the two seats


def test_a_what_if_run_rescores_its_locked_pairs_with_its_own_weights(run_now):
    c = make_cohort(mentors=3, mentees=5, capacity=2)
    run = run_now(c.program, c.manager.user)
    first = run.proposals.order_by("id").first()
    assert any(r["criterion"] == "skills" and r["contribution"] > 0 for r in first.reasons)
    review.update_proposal(proposal=first, actor=c.manager.user, locked=True)
    weights = {**run.weights, "skills": 0.0}
    rerun = run_now(c.program, c.manager.user, weights=weights, parent=run)
    assert rerun.status == MatchRun.Status.COMPLETED, rerun.error
    kept = rerun.proposals.get(mentee=first.mentee)
    assert kept.locked and kept.mentor_id == first.mentor_id
    assert not any(r["criterion"] == "skills" and r["contribution"] > 0 for r in kept.reasons)
    assert kept.reasons != first.reasons


def test_the_solver_reports_its_rounds_to_the_run_while_it_solves(cohort, monkeypatch):
    seen = []
    original = execution._SolveProgress.__call__

    def record(self, message):
        original(self, message)
        run = MatchRun.objects.get(pk=self.run_id)
        seen.append((run.progress, run.progress_message))

    monkeypatch.setattr(execution._SolveProgress, "__call__", record)
    run = services.start_match_run(program=cohort.program, actor=cohort.manager.user)
    run = services.execute_match_run(run.pk)
    assert run.status == MatchRun.Status.COMPLETED
    assert seen[0][1].startswith("Solving: scored every pair")
    assert seen[-1][1] == "Solving: round 1: proven optimal"
    assert [p for p, _ in seen] == sorted(p for p, _ in seen) and 40 < seen[-1][0] < 70
