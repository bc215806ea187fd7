"""Executing a queued match run in the worker: solve, explain, save, summarise.

Nothing here queues work, so ``tasks.py`` imports this module and ``services.py`` imports
``tasks.py`` without a cycle.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.errors import DomainError

from . import translate
from .models import MatchRun, Proposal, UnmatchedParticipant

log = logging.getLogger(__name__)

WORKER_FAILED = "The matching failed: {error}"

_PROGRESS = {
    "translate": (10, "Reading participants and profiles"),
    "solve": (40, "Solving"),
    "explain": (70, "Explaining proposals"),
    "save": (85, "Saving proposals"),
}


def _progress(run_id: int, phase: str) -> None:
    percent, message = _PROGRESS[phase]
    MatchRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message)


class _SolveProgress:
    """Writes the solver's sentences to the run while it solves (40 % → 65 %)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.percent = _PROGRESS["solve"][0]

    def __call__(self, message: str) -> None:
        self.percent = min(self.percent + 5, _PROGRESS["explain"][0] - 5)
        text = f"{_PROGRESS['solve'][1]}: {message}"[:200]
        MatchRun.objects.filter(pk=self.run_id).update(progress=self.percent, progress_message=text)


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
            cohort,
            solver=run.solver,
            prioritize_coverage=run.prioritize_coverage,
            progress=_SolveProgress(run_id),
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
    _rescore_locked(run)
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


def _rescore_locked(run: MatchRun) -> None:
    """Locked pairs stay, but their score and reasons follow this run's weights: a what-if
    run with skills at 0 must not keep "shares 1 of 2 skills"."""
    locked = list(
        run.proposals.filter(locked=True).select_related(
            "mentee__person", "mentor__person", "mentee__program", "mentor__program"
        )
    )
    if not locked or run.kind == MatchRun.Kind.PEER:
        return
    mentees = list({p.mentee_id: p.mentee for p in locked}.values())
    mentors = list({p.mentor_id: p.mentor for p in locked}.values())
    cohort = translate.build_cohort(
        run.program,
        mentees,
        mentors,
        kind=run.kind,
        weights=run.weights,
        text_corpus=translate.cohort_texts(run.program, run.kind, mentees, mentors),
    )
    for proposal in locked:
        proposal.score, proposal.reasons = translate.explain_pair(
            cohort, proposal.mentee_id, proposal.mentor_id
        )
    Proposal.objects.bulk_update(locked, ["score", "reasons"])


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
