"""Writes of the matching workflow, part one: start and execute match runs.

Every service is keyword-only, checks permission, runs in a transaction, writes the audit log
and raises ``DomainError`` (400), ``NotAllowed`` (403) or ``ConflictError`` (409) with a
message constant from its module. The workflow is split by step:

- ``services.py`` (this module): start a run, execute it in the worker, save its proposals,
  recompute its summary; and the helpers every step shares (``_require_manager``,
  ``_person``, ``NOT_A_MANAGER``).
- ``review.py``: the manager's edits of a completed run (lock, reject, reassign, assign).
- ``publishing.py``: publish a run as relationships; rematch a relationship.
- ``choice.py``: mentee-choice requests and bookmarks.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.people.models import Person
from tandem.programs.design import clean_weights
from tandem.programs.models import Program
from tandem.programs.permissions import person_id_of

from . import permissions, translate
from .models import MatchRun, Proposal, UnmatchedParticipant

log = logging.getLogger(__name__)

NOT_A_MANAGER = "Only this program's managers can run and review matching."
BAD_SOLVER = "Choose the optimal or the stable solver."
STABLE_PAIRS_ONLY = (
    "The stable solver matches mentees to mentors; group and peer programs use the optimal one."
)
OTHER_PROGRAM_RUN = "That run belongs to another program."
RUN_IN_PROGRESS = "A run of this program is already in progress; wait for it to finish."
WORKER_FAILED = "The matching failed: {error}"

RUN_STALE_AFTER_SECONDS = 1800
_PROGRESS = {
    "translate": (10, "Reading participants and profiles"),
    "solve": (40, "Solving"),
    "explain": (70, "Explaining proposals"),
    "save": (85, "Saving proposals"),
}


def _require_manager(actor: Any, program: Program) -> None:
    if not permissions.can_manage_matching(actor, program):
        raise NotAllowed(NOT_A_MANAGER)


def _person(actor: Any) -> Person | None:
    person_id = person_id_of(actor)
    return Person.objects.filter(pk=person_id).first() if person_id else None


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
    _require_manager(actor, program)
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
        created_by=_person(actor),
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


def _progress(run_id: int, phase: str) -> None:
    percent, message = _PROGRESS[phase]
    MatchRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message)


def _claim(run_id: int) -> bool:
    """Queued → running, once: a second execution of the same run does nothing."""
    return bool(
        MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
            status=MatchRun.Status.RUNNING,
            started_at=clock.now(),
            progress=5,
            progress_message="Starting",
        )
    )


def _forbidden_by_parent(run: MatchRun) -> set[translate.Pair]:
    if run.parent_id is None:
        return set()
    rows = Proposal.objects.filter(run_id=run.parent_id, rejected=True)
    return set(rows.values_list("mentee_id", "mentor_id"))


@dataclass
class _Timer:
    phases: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.started, 4)
        self.started = now


def execute_match_run(run_id: int) -> MatchRun:
    """Solve a queued run and save its proposals; idempotent (a finished run is left alone).

    Progress is written as it goes (outside the final transaction) so the page can poll it.
    Any error marks the run failed with a readable message.
    """
    if not _claim(run_id):
        return MatchRun.objects.get(pk=run_id)
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    timer = _Timer()
    try:
        _progress(run_id, "translate")
        locked = list(run.proposals.filter(locked=True).values_list("mentee_id", "mentor_id"))
        cohort = translate.load_cohort(
            run.program, weights=run.weights, locked=locked, forbidden=_forbidden_by_parent(run)
        )
        timer.lap("translate")
        _progress(run_id, "solve")
        result = translate.solve(
            cohort, solver=run.solver, prioritize_coverage=run.prioritize_coverage
        )
        timer.lap("solve")
        _progress(run_id, "explain")
        proposals, unmatched = translate.explain(cohort, result)
        timer.lap("explain")
        _progress(run_id, "save")
        return _save_results(
            run_id,
            cohort=cohort,
            result=result,
            proposals=proposals,
            unmatched=unmatched,
            timer=timer,
        )
    except Exception as exc:
        log.exception("match run %s failed", run_id)
        message = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.FAILED,
            error=WORKER_FAILED.format(error=message)[:4000],
            progress=100,
            progress_message="Failed",
            finished_at=clock.now(),
        )
        return MatchRun.objects.get(pk=run_id)


@transaction.atomic
def _save_results(
    run_id: int,
    *,
    cohort: translate.Cohort,
    result: Any,
    proposals: list[translate.ProposalData],
    unmatched: list[translate.UnmatchedData],
    timer: _Timer,
) -> MatchRun:
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run_id)
    if run.status != MatchRun.Status.RUNNING:
        return run
    run.proposals.filter(locked=False).delete()
    run.unmatched.all().delete()
    Proposal.objects.bulk_create(
        [
            Proposal(run=run, mentee=p.mentee, mentor=p.mentor, score=p.score, reasons=p.reasons)
            for p in proposals
        ],
        batch_size=500,
    )
    UnmatchedParticipant.objects.bulk_create(
        [
            UnmatchedParticipant(run=run, participant=u.participant, code=u.code, reason=u.reason)
            for u in unmatched
        ],
        batch_size=500,
    )
    timer.lap("save")
    phases = timer.phases
    run.stats = {
        "objective": round(float(result.total_score), 6),
        "seconds": round(float(result.seconds), 4),
        "certified_optimal": bool(result.certified_optimal),
        "method": getattr(result, "method", ""),
        "mentees": len(cohort.mentees),
        "mentors": len(cohort.mentors) if cohort.kind != MatchRun.Kind.PEER else 0,
        "seats": int(cohort.capacities.sum()) if cohort.kind != MatchRun.Kind.PEER else 0,
        "min_score": cohort.min_score,
        "weights_used": cohort.settings.weights,
        "ignored_criteria": list(cohort.settings.ignored),
        "phases": {**phases, "total": round(sum(phases.values()), 4)},
        "edited": False,
        "training_warnings": cohort.training_warnings,
    }
    refresh_summary(run, save=False)
    run.status = MatchRun.Status.COMPLETED
    run.progress, run.progress_message = 100, "Done"
    run.finished_at = clock.now()
    run.save()
    return run


def refresh_summary(run: MatchRun, *, save: bool = True) -> MatchRun:
    """Recompute matched/unmatched/mean score and the fairness table from the saved rows."""
    from .selectors import run_outcomes

    outcomes = run_outcomes(run)
    matched = [o for o in outcomes if o.matched]
    scores = [o.score for o in matched if o.score is not None]
    run.stats = {
        **run.stats,
        "matched": len(matched),
        "unmatched": len(outcomes) - len(matched),
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
        "match_rate": round(len(matched) / len(outcomes), 4) if outcomes else None,
        "locked": run.proposals.filter(locked=True).count(),
        "rejected": run.proposals.filter(rejected=True).count(),
    }
    run.fairness = translate.fairness_of(outcomes)
    if save:
        run.save(update_fields=["stats", "fairness", "updated_at"])
    return run
