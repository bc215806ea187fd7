"""Writes of the matching workflow, part one: start match runs.

Every service is keyword-only, checks permission, runs in a transaction, writes the audit log
and raises ``DomainError`` (400), ``NotAllowed`` (403) or ``ConflictError`` (409) with a
message constant from its module. The workflow is split by step:

- ``services.py`` (this module): start a run (the worker then calls ``tasks.py``).
- ``execution.py``: execute a run in the worker, save its proposals, recompute its summary.
- ``access.py``: the checks every step shares (``require_manager``, ``person_of``).
- ``review.py``: the manager's edits of a completed run (lock, reject, reassign, assign).
- ``publishing.py``: publish a run as relationships; rematch a relationship.
- ``choice.py``: mentee-choice requests and bookmarks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError
from tandem.programs.design import clean_weights
from tandem.programs.models import Program

from . import translate
from .access import NOT_A_MANAGER, person_of, require_manager
from .execution import execute_match_run, refresh_summary
from .models import MatchRun, Proposal

__all__ = ["NOT_A_MANAGER", "execute_match_run", "refresh_summary", "start_match_run"]

BAD_SOLVER = "Choose the optimal or the stable solver."
STABLE_PAIRS_ONLY = (
    "The stable solver matches mentees to mentors; group and peer programs use the optimal one."
)
OTHER_PROGRAM_RUN = "That run belongs to another program."
RUN_IN_PROGRESS = "A run of this program is already in progress; wait for it to finish."

RUN_STALE_AFTER_SECONDS = 1800


def _check_options(program: Program, solver: str, weights: Mapping[str, Any] | None) -> None:
    if solver not in MatchRun.Solver.values:
        raise DomainError(BAD_SOLVER, field="solver")
    if solver == MatchRun.Solver.STABLE and translate.kind_for(program) != MatchRun.Kind.PAIR:
        raise DomainError(STABLE_PAIRS_ONLY, field="solver")
    if weights:
        try:
            clean_weights(dict(weights))
        except DomainError as exc:
            raise DomainError(exc.message, field="weights") from None


def _check_no_run_in_progress(program: Program) -> None:
    since = clock.now() - dt.timedelta(seconds=RUN_STALE_AFTER_SECONDS)
    busy = MatchRun.objects.filter(
        program=program,
        status__in=(MatchRun.Status.QUEUED, MatchRun.Status.RUNNING),
        created_at__gte=since,
    )
    if busy.exists():
        raise ConflictError(RUN_IN_PROGRESS)


@transaction.atomic
def start_match_run(
    *,
    program: Program,
    actor: Any,
    weights: Mapping[str, float] | None = None,
    solver: str = MatchRun.Solver.OPTIMAL,
    prioritize_coverage: bool = True,
    parent: MatchRun | None = None,
    enqueue: bool = True,
) -> MatchRun:
    """Queue a run; the worker executes it after commit (``tasks.run_match_run``).

    With ``parent`` the run re-runs around the parent's locked pairs (they are copied, fixed)
    and never proposes the parent's rejected pairs — the "re-run" and "what if" of the
    review page. ``enqueue=False`` leaves execution to the caller (demo, benchmark).
    """
    require_manager(actor, program)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    _check_options(program, solver, weights)
    if parent is not None and parent.program_id != program.pk:
        raise DomainError(OTHER_PROGRAM_RUN, field="parent_id")
    _check_no_run_in_progress(program)
    run = MatchRun(
        program=program,
        kind=translate.kind_for(program),
        solver=solver,
        weights=translate.program_weights(program, weights),
        prioritize_coverage=prioritize_coverage,
        created_by=person_of(actor),
        parent=parent,
        progress_message="Waiting for a worker",
    )
    run.full_clean()
    run.save()
    if parent is not None:
        Proposal.objects.bulk_create(
            [
                Proposal(
                    run=run,
                    mentee_id=p.mentee_id,
                    mentor_id=p.mentor_id,
                    score=p.score,
                    reasons=p.reasons,
                    locked=True,
                    manual=p.manual,
                    original_mentor_id=p.original_mentor_id,
                    warnings=p.warnings,
                )
                for p in parent.proposals.filter(locked=True)
            ]
        )
    record_audit(actor=actor, action="match_run.start", target=run, after=snapshot(run))
    if enqueue:
        run_id = run.pk

        def _enqueue() -> None:
            from .tasks import run_match_run

            run_match_run(run_id)

        transaction.on_commit(_enqueue)
    return run
