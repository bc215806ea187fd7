"""Group mentoring: mentees into mentor-led circles with size bounds, exactly (CP-SAT).

Model
-----
Booleans ``x_ij`` for acceptable pairs and ``open_j`` per mentor::

    max  sum (B + w_ij) x_ij
    s.t. sum_j x_ij <= 1                                   every mentee
         min_size * open_j <= sum_i x_ij <= cap_j * open_j  every mentor
         cap_j = min(capacities[j], max_size)

with ``w_ij = rint(score * 1e6)`` and ``B = 0`` (score only) or ``B = 1e6 * n + 1``
(coverage first). The size bounds make this an integer program that min-cost flow cannot
express (a circle is all-or-nothing below ``min_size``). First the relaxation without
the lower bounds is solved exactly (:func:`solve_optimal`); when every circle it fills
already reaches ``min_size`` it is optimal for the circles too (the common case when
demand exceeds capacity). Otherwise OR-Tools CP-SAT solves the model, hinted with a
repaired relaxation (circles below ``min_size`` closed, re-solved), and proves
optimality or reports ``certified_optimal=False`` at the time limit. Tested exact against
brute force on tiny instances.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import ArrayLike, NDArray
from ortools.sat.python import cp_model

from tandem.matching.errors import InvalidProblem
from tandem.matching.problem import (
    CIRCLE_NOT_OPENED,
    COMPATIBLE_MENTORS_FULL,
    NO_ACCEPTABLE_MENTOR,
    NOT_SELECTED,
    MatchingProblem,
    MatchResult,
)
from tandem.matching.solvers._topk import nonzero_2d
from tandem.matching.solvers.optimal import solve_optimal

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

__all__ = ["form_circles"]

_SCALE = 1_000_000


def form_circles(
    scores: ArrayLike,
    capacities: ArrayLike | None = None,
    min_size: int = 2,
    max_size: int = 6,
    *,
    min_score: float = 0.0,
    prioritize_coverage: bool = False,
    time_limit: float = 30.0,
) -> MatchResult:
    """Assign mentees to mentor-led circles of ``min_size..max_size`` members.

    Parameters
    ----------
    scores : ndarray (n_mentees, n_mentors)
        Pair scores in [0, 1]; NaN = forbidden.
    capacities : array of int (n_mentors,), optional
        Largest circle each mentor leads (capped by ``max_size``). Default ``max_size``.
    min_size, max_size : int
        Bounds on the size of every opened circle; a circle below ``min_size`` is not
        opened at all.
    min_score : float
        Pairs below this are never formed.
    prioritize_coverage : bool, default False
        True: place as many mentees as possible first, then maximise the total score.
    time_limit : float
        Seconds for CP-SAT; if optimality is not proven by then the best circles found
        are returned with ``certified_optimal=False``.

    Returns
    -------
    MatchResult
        ``assignment[i]`` is the mentor leading i's circle or -1; ``opened[j]`` says
        whether mentor j's circle opened. ``certified_optimal`` is CP-SAT's proof.

    Examples
    --------
    >>> import numpy as np
    >>> from tandem.matching import form_circles
    >>> s = np.array([[0.9, 0.2], [0.8, 0.3], [0.1, 0.7]])
    >>> result = form_circles(s, min_size=2, max_size=3)
    >>> result.assignment.tolist(), result.opened.tolist()
    ([0, 0, 0], [True, False])
    >>> result.certified_optimal
    True
    """
    started = time.perf_counter()
    problem, limits = _validate(scores, capacities, min_size, max_size, min_score)
    matrix = np.asarray(problem.scores, dtype=np.float64)
    relaxed = solve_optimal(MatchingProblem(matrix, limits, problem.min_score), prioritize_coverage)
    sizes = np.bincount(relaxed.assignment[relaxed.assignment >= 0], minlength=len(limits))
    if relaxed.certified_optimal and not np.any((sizes > 0) & (sizes < min_size)):
        # The relaxation without lower bounds already respects them: it is optimal.
        rows = np.flatnonzero(relaxed.assignment >= 0)
        return _result(
            matrix,
            rows,
            relaxed.assignment[rows],
            is_open=sizes > 0,
            limits=limits,
            min_score=problem.min_score,
            optimal=True,
            seconds=time.perf_counter() - started,
            n_pairs=relaxed.n_candidate_pairs,
            method="min_cost_flow(size bounds slack)",
        )
    rows, cols, is_open, optimal = _solve_cp_sat(
        problem, limits, min_size, prioritize_coverage, time_limit
    )
    return _result(
        matrix,
        rows,
        cols,
        is_open=is_open,
        limits=limits,
        min_score=problem.min_score,
        optimal=optimal,
        seconds=time.perf_counter() - started,
        n_pairs=int(np.count_nonzero((matrix >= problem.min_score) & (limits > 0))),
        method="cp_sat",
    )


def _solve_cp_sat(
    problem: MatchingProblem,
    limits: IntArray,
    min_size: int,
    coverage: bool,
    time_limit: float,
) -> tuple[IntArray, IntArray, NDArray[np.bool_], bool]:
    """CP-SAT on the full model, hinted with a repaired relaxation."""
    matrix = np.asarray(problem.scores, dtype=np.float64)
    hint = _repaired(matrix, limits, min_size, problem.min_score, coverage)
    rows, cols = nonzero_2d((matrix >= problem.min_score) & (limits > 0))
    weights = np.rint(matrix[rows, cols] * _SCALE).astype(np.int64)
    bonus = _SCALE * matrix.shape[0] + 1 if coverage else 0
    model, pick, opened = _build_model(
        matrix.shape, rows, cols, weights=weights + bonus, limits=limits, min_size=min_size
    )
    for var, i, j in zip(pick, rows.tolist(), cols.tolist(), strict=True):
        model.add_hint(var, bool(hint[i] == j))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no circles: {solver.status_name(status)}")
    chosen = np.array([solver.boolean_value(x) for x in pick], dtype=np.bool_)
    is_open = np.array([solver.boolean_value(o) for o in opened], dtype=np.bool_)
    return rows[chosen], cols[chosen], is_open, status == cp_model.OPTIMAL


def _repaired(
    matrix: FloatArray, limits: IntArray, min_size: int, min_score: float, coverage: bool
) -> IntArray:
    """A feasible assignment: close circles below ``min_size`` and re-solve until none is."""
    limits = limits.copy()
    while True:
        result = solve_optimal(MatchingProblem(matrix, limits, min_score), coverage)
        sizes = np.bincount(result.assignment[result.assignment >= 0], minlength=len(limits))
        small = (sizes > 0) & (sizes < min_size)
        if not small.any():
            return result.assignment
        limits[small] = 0


def _validate(
    scores: ArrayLike,
    capacities: ArrayLike | None,
    min_size: int,
    max_size: int,
    min_score: float,
) -> tuple[MatchingProblem, IntArray]:
    if not 1 <= min_size <= max_size:
        raise InvalidProblem(
            f"circle sizes need 1 <= min_size <= max_size, got {min_size} and {max_size}"
        )
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.ndim != 2:
        raise InvalidProblem(f"scores must be 2-dimensional, got shape {matrix.shape}")
    caps = np.full(matrix.shape[1], max_size) if capacities is None else capacities
    problem = MatchingProblem(matrix, np.asarray(caps), min_score)
    limits = np.minimum(problem.capacities, max_size)
    limits[limits < min_size] = 0  # a circle that can never reach min_size never opens
    return problem, limits


def _build_model(
    shape: tuple[int, int],
    rows: IntArray,
    cols: IntArray,
    *,
    weights: IntArray,
    limits: IntArray,
    min_size: int,
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], list[cp_model.IntVar]]:
    n, m = shape
    model = cp_model.CpModel()
    pick = [
        model.new_bool_var(f"x{i}_{j}") for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    opened = [model.new_bool_var(f"open{j}") for j in range(m)]
    by_mentee: list[list[cp_model.IntVar]] = [[] for _ in range(n)]
    by_mentor: list[list[cp_model.IntVar]] = [[] for _ in range(m)]
    for var, i, j in zip(pick, rows.tolist(), cols.tolist(), strict=True):
        by_mentee[i].append(var)
        by_mentor[j].append(var)
    for members in by_mentee:
        if len(members) > 1:
            model.add_at_most_one(members)
    for j, members in enumerate(by_mentor):
        size = sum(members)
        model.add(size <= int(limits[j]) * opened[j])
        model.add(size >= min_size * opened[j])
    model.maximize(sum(int(w) * x for w, x in zip(weights.tolist(), pick, strict=True)))
    return model, pick, opened


def _result(
    matrix: FloatArray,
    rows: IntArray,
    cols: IntArray,
    *,
    is_open: NDArray[np.bool_],
    limits: IntArray,
    min_score: float,
    optimal: bool,
    seconds: float,
    n_pairs: int,
    method: str,
) -> MatchResult:
    n = matrix.shape[0]
    assignment = np.full(n, -1, dtype=np.int64)
    assignment[rows] = cols
    size = np.bincount(cols, minlength=matrix.shape[1])
    acceptable = (matrix >= min_score) & (limits > 0)
    room = is_open & (size < limits)
    reasons: dict[int, str] = {}
    for i in np.flatnonzero(assignment < 0).tolist():
        if not acceptable[i].any():
            reasons[i] = NO_ACCEPTABLE_MENTOR
        elif (acceptable[i] & room).any():
            reasons[i] = NOT_SELECTED
        elif (acceptable[i] & ~is_open).any():
            reasons[i] = CIRCLE_NOT_OPENED
        else:
            reasons[i] = COMPATIBLE_MENTORS_FULL
    return MatchResult(
        assignment=assignment,
        total_score=float(matrix[rows, cols].sum()),
        matched=int(rows.size),
        certified_optimal=optimal,
        seconds=seconds,
        unmatched_reasons=reasons,
        n_candidate_pairs=int(n_pairs),
        opened=is_open & (size > 0),
        method=method,
    )
