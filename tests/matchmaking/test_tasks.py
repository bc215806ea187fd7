"""The huey tasks: run_match_run is idempotent; it is enqueued after commit."""

from __future__ import annotations

import pytest

from tandem.matchmaking import services
from tandem.matchmaking.models import MatchRun, Proposal, UnmatchedParticipant
from tandem.matchmaking.tasks import run_match_run

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_running_the_same_task_twice_makes_one_runs_proposals():
    c = make_cohort(mentors=1, mentees=3, capacity=2)
    run = services.start_match_run(program=c.program, actor=c.manager.user, enqueue=False)
    assert run_match_run.call_local(run.pk) == "completed"
    assert run_match_run.call_local(run.pk) == "completed"
    assert Proposal.objects.filter(run=run).count() == 2
    assert UnmatchedParticipant.objects.filter(run=run).count() == 1


def test_the_task_is_enqueued_on_commit_only(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.start_match_run(program=cohort.program, actor=cohort.manager.user)
    assert len(callbacks) == 1
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.QUEUED
    callbacks[0]()
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.COMPLETED


def test_a_run_claimed_by_another_worker_is_left_alone(cohort):
    run = services.start_match_run(program=cohort.program, actor=cohort.manager.user, enqueue=False)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING)
    assert run_match_run.call_local(run.pk) == "running"
    assert not Proposal.objects.filter(run=run).exists()
