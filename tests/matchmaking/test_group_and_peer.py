"""Group programs form circles and peer programs pair peers, through the same workflow.

These run once the engine's ``form_circles`` / ``pair_peers`` exist; until then the run
fails with a readable message (checked here too)."""

from __future__ import annotations

import pytest

from tandem.matching import InvalidProblem
from tandem.matchmaking import publishing, translate
from tandem.matchmaking.models import MatchRun
from tandem.relationships.models import Relationship

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_an_engine_error_fails_the_run_with_its_message(run_now, monkeypatch):
    c = make_cohort(mentors=2, mentees=4, program_type="group")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise InvalidProblem("min_size must not exceed max_size")

    monkeypatch.setattr(translate, "form_circles", broken)
    run = run_now(c.program, c.manager.user)
    assert run.status == MatchRun.Status.FAILED
    assert "min_size must not exceed max_size" in run.error


def test_group_programs_publish_circles(run_now):
    c = make_cohort(mentors=2, mentees=6, capacity=3, program_type="group")
    run = run_now(c.program, c.manager.user)
    assert run.status == MatchRun.Status.COMPLETED, run.error
    assert run.kind == "circle"
    created = publishing.publish_match_run(run=run, actor=c.manager.user)
    assert {r.kind for r in created} <= {"circle", "pair"}
    assert sum(r.members.filter(role="mentee").count() for r in created) == run.stats["matched"]


def test_peer_programs_publish_peer_pairs(run_now):
    c = make_cohort(mentors=3, mentees=3, program_type="peer")
    run = run_now(c.program, c.manager.user)
    assert run.status == MatchRun.Status.COMPLETED, run.error
    assert run.kind == "peer" and run.proposals.count() == 3
    created = publishing.publish_match_run(run=run, actor=c.manager.user)
    assert all(r.kind == Relationship.Kind.PEER for r in created)
    assert run.stats["matched"] == 6
