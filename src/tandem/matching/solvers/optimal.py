"""Exact maximum-weight b-matching of mentees to mentors, certified by LP duality.

Mathematics
-----------
With integer weights ``w_ij = B + rint(s_ij * scale)`` over acceptable pairs (not NaN,
``s_ij >= min_score``, mentor capacity > 0) the problem is the LP

    max  sum w_ij x_ij   s.t.  sum_j x_ij <= 1,  sum_i x_ij <= c_j,  x >= 0

whose constraint matrix is totally unimodular (bipartite), so an optimal vertex is an
integral matching. Its dual is

    min  sum_i u_i + sum_j c_j v_j   s.t.  u_i + v_j >= w_ij,  u, v >= 0.

``B`` is 0 for the score-only objective and ``scale * min(n, sum c) + 1`` for
coverage-first: then one more matched mentee outweighs any score difference, so the
single objective is exactly lexicographic (#matched, then total score).

The solver never needs all pairs at once. It solves the problem restricted to a sparse
candidate set exactly (OR-Tools min-cost flow), derives dual prices ``(u, v)`` from the
optimal assignment, and scans every pair block by block: a pair outside the candidate set
can improve the optimum only if ``w_ij > u_i + v_j``. Violating pairs join the candidate
set and the sparse problem is solved again. When no pair violates, ``(u, v)`` is feasible
for the full dual and its objective equals the primal value (checked in exact integer
arithmetic): the matching is optimal for the full problem, and ``certified_optimal`` is
True.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tandem.matching.errors import InvalidProblem
from tandem.matching.problem import MatchingProblem, MatchResult, ScoreSource
from tandem.matching.solvers._cache import BlockCache
from tandem.matching.solvers._flow import (
    Candidates,
    Duals,
    check_duals,
    dual_prices,
    solve_bmatching,
)
from tandem.matching.solvers._scan import (
    ScanPlan,
    initial_candidates,
    seats_of,
    unmatched_reasons,
    violating_pairs,
)

IntArray = NDArray[np.int64]

__all__ = ["SCORE_SCALE", "SolveState", "solve_optimal", "solve_with_duals"]

Progress = Callable[[str], None]
CANDIDATES_DONE = "scored every pair; {pairs:,} candidate pairs kept"
ROUND_CERTIFIED = "round {round}: proven optimal"
ROUND_REPAIR = "round {round}: {pairs:,} pairs could improve the matching; solving again"

#: Scores are optimised as integers ``rint(score * SCORE_SCALE)``: a resolution of 1e-6.
SCORE_SCALE = 1_000_000
_INT64_SAFE = 2**62
_ALL_PAIRS_BELOW = 100_000  # dense problems this small keep every pair as a candidate


@dataclass
class SolveState:
    """Where the rounds of the solver stand."""

    candidates: Candidates
    assignment: IntArray
    duals: Duals | None = None
    rounds: int = 0
    certified: bool = False
    reasons: dict[int, str] | None = None


def solve_optimal(
    problem: MatchingProblem,
    prioritize_coverage: bool = True,
    *,
    candidates_per_mentee: int | None = None,
    candidates_per_mentor: int | None = None,
    max_rounds: int = 50,
    time_limit: float | None = None,
    memory_budget: int = 1 << 30,
    bound_budget: int = 2 << 30,
    progress: Progress | None = None,
) -> MatchResult:
    """Maximum-weight assignment of mentees to mentors with capacities, proven optimal.

    Parameters
    ----------
    problem : MatchingProblem
        Scores (dense or a ScoreSource), capacities and ``min_score``.
    prioritize_coverage : bool, default True
        True: maximise the number of matched mentees first, then the total score
        (lexicographic). False: maximise the total score alone.
    candidates_per_mentee, candidates_per_mentor : int, optional
        Size of the first sparse candidate set (each mentee's best mentors, each mentor's
        best mentees). Default: every pair for small dense problems, else 12 and
        ``2 * max(capacity) + 2``. The answer does not depend on them, only the speed.
    max_rounds : int, default 50
        Most sparse solves; if the dual check still fails the best matching found is
        returned with ``certified_optimal=False``.
    time_limit : float, optional
        Seconds after which no new round starts (same honest outcome as ``max_rounds``).
    memory_budget : int, default 1 GiB
        Bytes of score rows held at once (block size of the passes over the scores);
        for a ``ScoreSource``, half of it also keeps blocks between passes, so a cohort
        whose scores fit is scored once, not once per round.
    bound_budget : int, default 2 GiB
        For a ``ScoreSource`` whose scores do not fit ``memory_budget / 2``: bytes of
        one-byte upper bounds kept for the other blocks (one byte per pair, at most
        ``n * m``; 0 turns it off). A later certificate scan recomputes only the blocks
        whose bounds allow a violation; the certificate stays exact.
    progress : callable, optional
        Called with a short sentence after the candidate pass and after each round
        ("round 2: 1,204 pairs could improve the matching; solving again"), for a
        progress bar; it must not raise.

    Returns
    -------
    MatchResult
        ``certified_optimal`` is True when the LP dual certificate holds for every pair.
        ``rounds`` counts sparse solves, ``n_candidate_pairs`` the final candidate set.

    Examples
    --------
    >>> import numpy as np
    >>> from tandem.matching import MatchingProblem, solve_optimal
    >>> scores = np.array([[0.9, 0.8], [0.85, np.nan], [0.2, 0.3]])
    >>> result = solve_optimal(MatchingProblem(scores, capacities=[1, 2]))
    >>> result.assignment.tolist(), round(result.total_score, 2), result.certified_optimal
    ([1, 0, 1], 1.95, True)
    >>> solve_optimal(MatchingProblem(scores, [1, 2], min_score=0.5)).unmatched_reasons
    {2: 'no_acceptable_mentor'}
    """
    started = time.perf_counter()
    state, plan = solve_with_duals(
        problem,
        prioritize_coverage,
        candidates_per_mentee=candidates_per_mentee,
        candidates_per_mentor=candidates_per_mentor,
        max_rounds=max_rounds,
        time_limit=time_limit,
        memory_budget=memory_budget,
        bound_budget=bound_budget,
        progress=progress,
    )
    reasons = state.reasons if state.certified else None
    if reasons is None:
        reasons = unmatched_reasons(problem.source, state.assignment, problem.capacities, plan)
    return _result(state, reasons, time.perf_counter() - started)


def solve_with_duals(
    problem: MatchingProblem,
    prioritize_coverage: bool,
    *,
    candidates_per_mentee: int | None = None,
    candidates_per_mentor: int | None = None,
    max_rounds: int = 50,
    time_limit: float | None = None,
    memory_budget: int = 1 << 30,
    bound_budget: int = 2 << 30,
    progress: Progress | None = None,
) -> tuple[SolveState, ScanPlan]:
    """The rounds of :func:`solve_optimal`, returning the final state with its duals."""
    started = time.perf_counter()
    _check_options(max_rounds, memory_budget, candidates_per_mentee, candidates_per_mentor)
    if bound_budget < 0:
        raise InvalidProblem(f"bound_budget must be >= 0, got {bound_budget}")
    plan = _plan(
        problem, prioritize_coverage, memory_budget, candidates_per_mentee, candidates_per_mentor
    )
    source: ScoreSource = problem.source
    if not isinstance(problem.scores, np.ndarray):  # a dense matrix is its own cache
        source = BlockCache(source, memory_budget // 2, bound_budget, problem.min_score)
    candidates, _ = initial_candidates(source, plan)
    report = progress or (lambda message: None)
    report(CANDIDATES_DONE.format(pairs=len(candidates.rows)))
    state = SolveState(candidates, np.full(problem.shape[0], -1, dtype=np.int64))
    deadline = None if time_limit is None else started + time_limit
    while state.rounds < max_rounds and not state.certified:
        violations = _round(problem, source, plan, state)
        if state.certified:
            report(ROUND_CERTIFIED.format(round=state.rounds))
        else:
            report(ROUND_REPAIR.format(round=state.rounds, pairs=violations))
        if deadline is not None and time.perf_counter() > deadline:
            break
    return state, plan


def _check_options(
    max_rounds: int, memory_budget: int, per_mentee: int | None, per_mentor: int | None
) -> None:
    if max_rounds < 1:
        raise InvalidProblem(f"max_rounds must be >= 1, got {max_rounds}")
    if memory_budget < 1 << 20:
        raise InvalidProblem(f"memory_budget must be >= 1 MiB, got {memory_budget}")
    for name, value in (
        ("candidates_per_mentee", per_mentee),
        ("candidates_per_mentor", per_mentor),
    ):
        if value is not None and value < 0:
            raise InvalidProblem(f"{name} must be >= 0, got {value}")


def _plan(
    problem: MatchingProblem,
    prioritize_coverage: bool,
    memory_budget: int,
    per_mentee: int | None,
    per_mentor: int | None,
) -> ScanPlan:
    n, m = problem.shape
    caps = problem.capacities
    dense_small = isinstance(problem.scores, np.ndarray) and n * m <= _ALL_PAIRS_BELOW
    if per_mentee is None:
        per_mentee = m if dense_small else 12
    if per_mentor is None:
        per_mentor = 0 if dense_small else 2 * int(caps.max(initial=0)) + 2
    scale, bonus = _scale_and_bonus(n, m, caps, prioritize_coverage)
    return ScanPlan(
        scale=scale,
        bonus=bonus,
        block_rows=_block_rows(m, memory_budget),
        per_mentee=per_mentee,
        per_mentor=per_mentor,
        add_per_row=max(per_mentee, 8),
        near=scale // 100,
        min_score=problem.min_score,
        usable=caps > 0,
    )


def _block_rows(m: int, memory_budget: int) -> int:
    """About 2**21 scores per block (blocks this small are reused by the allocator instead
    of page-faulting fresh memory each time), never more than a tenth of the budget."""
    by_budget = memory_budget // (max(m, 1) * 8 * 10)
    return int(max(1, min(by_budget, (1 << 21) // max(m, 1))))


def _scale_and_bonus(
    n: int, m: int, capacities: IntArray, prioritize_coverage: bool
) -> tuple[int, int]:
    """Largest power-of-ten resolution (<= 1e6) keeping every cost sum inside int64.

    OR-Tools' cost scaling multiplies arc costs by about the node count, and objective
    sums reach ``n * (bonus + scale)``; both must stay below 2**62.
    """
    pairs = min(n, int(capacities.sum()))
    scale = SCORE_SCALE
    while scale > 1:
        bonus = scale * pairs + 1 if prioritize_coverage else 0
        if (bonus + scale) * (n + m + 2) * 4 < _INT64_SAFE:
            return scale, bonus
        scale //= 10
    raise InvalidProblem(f"problem too large for exact integer costs: {n} x {m}")


def _round(problem: MatchingProblem, source: ScoreSource, plan: ScanPlan, state: SolveState) -> int:
    """One sparse solve and dual check; the number of violating pairs found (0: done)."""
    caps = problem.capacities
    state.rounds += 1
    state.assignment = solve_bmatching(caps, problem.shape[0], state.candidates, plan.bonus)
    if plan.bonus == 0:
        _fill_zero_weight(caps, state.candidates, state.assignment)
    duals = dual_prices(caps, state.candidates, state.assignment, plan.bonus)
    if duals is None or not check_duals(
        caps, state.candidates, state.assignment, duals, plan.bonus
    ):
        return 0
    state.duals = duals
    violations = violating_pairs(
        source, state.candidates, duals, plan, seats_of(state.assignment, caps)
    )
    if violations.count == 0:
        state.certified = True
        state.reasons = violations.reasons
    else:
        state.candidates = state.candidates.merged(violations.pairs, problem.shape[1])
    return violations.count


def _fill_zero_weight(capacities: IntArray, candidates: Candidates, assignment: IntArray) -> None:
    """Score-only ties: seat unmatched mentees on free zero-weight candidate pairs.

    The total is unchanged (the pairs weigh 0), the dual certificate stays valid
    (``u_i = v_j = 0`` on such pairs), and the matching becomes maximal.
    """
    load = np.bincount(assignment[assignment >= 0], minlength=capacities.shape[0])
    zero = np.flatnonzero((candidates.weights == 0) & (assignment[candidates.rows] < 0))
    for e in zero.tolist():
        i, j = int(candidates.rows[e]), int(candidates.cols[e])
        if assignment[i] < 0 and load[j] < capacities[j]:
            assignment[i] = j
            load[j] += 1


def _result(state: SolveState, reasons: dict[int, str], seconds: float) -> MatchResult:
    assignment = state.assignment
    pairs = state.candidates
    chosen = assignment[pairs.rows] == pairs.cols
    return MatchResult(
        assignment=assignment,
        total_score=float(pairs.scores[chosen].sum()),
        matched=int(np.count_nonzero(assignment >= 0)),
        certified_optimal=state.certified,
        seconds=seconds,
        unmatched_reasons=reasons,
        rounds=state.rounds,
        n_candidate_pairs=pairs.size,
        method="min_cost_flow+dual_certificate",
    )
