"""Stable matching with capacities (hospitals/residents) by deferred acceptance.

Mentees rank mentors by their row of ``scores``; mentors rank mentees by their column of
``mentor_scores`` (default ``scores``). Ties break towards the lower index. A pair is
acceptable to both sides when ``scores[i, j] >= min_score`` (not NaN), ``mentor_scores``
is not NaN there, and the mentor has capacity; with ``list_length`` only each mentee's
best ``list_length`` acceptable mentors count (the rest are unacceptable to both).

Gale and Shapley's theorem: deferred acceptance with one side proposing returns the
stable matching that every member of the proposing side weakly prefers to every other
stable matching; the result does not depend on the order of proposals.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tandem.matching.errors import InvalidProblem
from tandem.matching.problem import (
    COMPATIBLE_MENTORS_FULL,
    NO_ACCEPTABLE_MENTOR,
    MatchingProblem,
    MatchResult,
    ScoreSource,
    as_score_source,
    validate_score_block,
)
from tandem.matching.solvers._scan import iter_blocks
from tandem.matching.solvers._topk import RowTop, first_per_group, nonzero_2d

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

__all__ = ["solve_stable"]

_BLOCK_SCORES = 1 << 21


@dataclass(frozen=True)
class _Lists:
    """Acceptable pairs, sorted by mentee then mentee preference (CSR by mentee)."""

    indptr: IntArray
    mentors: IntArray
    scores: FloatArray  #: mentee-side score of each pair
    mentor_scores: FloatArray  #: mentor-side score of each pair


def solve_stable(
    problem: MatchingProblem,
    mentor_scores: FloatArray | ScoreSource | None = None,
    proposing: Literal["mentees", "mentors"] = "mentees",
    *,
    list_length: int | None = None,
) -> MatchResult:
    """Proposing-side-optimal stable matching of mentees to mentors with capacities.

    Parameters
    ----------
    problem : MatchingProblem
        ``scores`` are the mentees' preferences; capacities and ``min_score`` apply.
    mentor_scores : ndarray or ScoreSource, optional
        ``(n_mentees, n_mentors)`` mentor-side preferences (higher is better; NaN =
        unacceptable). Default: ``problem.scores``.
    proposing : {"mentees", "mentors"}
        Which side proposes, i.e. whose optimal stable matching is returned.
    list_length : int, optional
        Keep only each mentee's best ``list_length`` acceptable mentors. Default: full
        lists for dense scores, 50 for a ScoreSource.

    Returns
    -------
    MatchResult
        ``certified_optimal`` is True when the result was verified to have no blocking
        pair among acceptable pairs (it is then the proposing side's optimal stable
        matching). ``rounds`` counts proposals.

    Examples
    --------
    >>> import numpy as np
    >>> from tandem.matching import MatchingProblem, solve_stable
    >>> scores = np.array([[0.9, 0.5], [0.8, 0.6], [0.7, 0.1]])
    >>> mentors = np.array([[0.1, 0.9], [0.9, 0.1], [0.5, 0.5]])
    >>> problem = MatchingProblem(scores, capacities=[1, 1])
    >>> solve_stable(problem, mentors).assignment.tolist()
    [1, 0, -1]
    >>> solve_stable(problem, mentors).unmatched_reasons
    {2: 'compatible_mentors_full'}
    """
    started = time.perf_counter()
    if proposing not in ("mentees", "mentors"):
        raise InvalidProblem(f"proposing must be 'mentees' or 'mentors', got {proposing!r}")
    lists = _acceptable_lists(problem, _mentor_source(problem, mentor_scores), list_length)
    caps = problem.capacities
    if proposing == "mentees":
        assignment, proposals = _mentees_propose(lists, caps)
    else:
        assignment, proposals = _mentors_propose(lists, caps)
    return _result(lists, caps, assignment, proposals, time.perf_counter() - started)


def _mentor_source(
    problem: MatchingProblem, mentor_scores: FloatArray | ScoreSource | None
) -> ScoreSource | None:
    if mentor_scores is None:
        return None
    if isinstance(mentor_scores, np.ndarray):
        mentor_scores = np.asarray(mentor_scores, dtype=np.float64)
        if mentor_scores.ndim != 2 or np.isinf(mentor_scores).any():
            raise InvalidProblem("mentor_scores must be a finite 2-dimensional array (NaN allowed)")
    source = as_score_source(mentor_scores)
    if tuple(source.shape) != problem.shape:
        raise InvalidProblem(
            f"mentor_scores has shape {tuple(source.shape)} but scores has shape {problem.shape}"
        )
    return source


def _acceptable_lists(
    problem: MatchingProblem, mentor_source: ScoreSource | None, list_length: int | None
) -> _Lists:
    n, m = problem.shape
    if list_length is None:
        list_length = max(m, 1) if isinstance(problem.scores, np.ndarray) else 50
    if list_length < 1:
        raise InvalidProblem(f"list_length must be >= 1, got {list_length}")
    source = problem.source
    usable = problem.capacities > 0
    block_rows = max(1, _BLOCK_SCORES // max(m, 1))
    row_top = RowTop(list_length, m, problem.min_score)
    parts: list[tuple[IntArray, IntArray, FloatArray, FloatArray]] = []
    for start, block in iter_blocks(source, block_rows):
        validate_score_block(block, block.shape)
        stop = start + len(block)
        other = None if mentor_source is None else np.asarray(mentor_source.block(start, stop))
        ok = (block >= problem.min_score) & usable
        if other is not None:
            ok &= ~np.isnan(other)
        rows, cols = _block_lists(block, ok, list_length, row_top, problem.min_score)
        mine = block[rows, cols].astype(np.float64)
        theirs = mine if other is None else other[rows, cols].astype(np.float64)
        parts.append((rows + start, cols, mine, theirs))
    return _to_csr(n, parts)


def _block_lists(
    block: NDArray[np.floating], ok: NDArray[np.bool_], k: int, row_top: RowTop, min_score: float
) -> tuple[IntArray, IntArray]:
    """Each row's ``k`` best acceptable columns, ties to the lower column, in rank order."""
    if k >= block.shape[1]:
        rows, cols = nonzero_2d(ok)
    else:
        threshold = row_top.thresholds(np.where(ok, block, np.nan), np.ones(ok.shape[1], np.bool_))
        survive = ok & (block >= threshold[:, None])
        counts = survive.sum(axis=1)
        short = (counts < k) & (threshold > min_score)
        survive[short] = ok[short]
        rows, cols = nonzero_2d(survive)
    keep = first_per_group(rows, block[rows, cols].astype(np.float64), k, exact=True)
    return rows[keep], cols[keep]


def _to_csr(n: int, parts: list[tuple[IntArray, IntArray, FloatArray, FloatArray]]) -> _Lists:
    if not parts:
        empty = np.zeros(0)
        return _Lists(np.zeros(n + 1, np.int64), np.zeros(0, np.int64), empty, empty)
    rows = np.concatenate([p[0] for p in parts])
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return _Lists(
        indptr,
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _mentees_propose(lists: _Lists, capacities: IntArray) -> tuple[IntArray, int]:
    """Mentees propose down their lists; each mentor holds its best ``c_j`` (a min-heap
    keyed by ``(mentor_score, -mentee)``, so the root is the mentee it likes least)."""
    n = lists.indptr.shape[0] - 1
    indptr, mentors = lists.indptr.tolist(), lists.mentors.tolist()
    keys = lists.mentor_scores.tolist()
    caps = capacities.tolist()
    held: list[list[tuple[float, int]]] = [[] for _ in caps]
    next_choice = indptr[:-1]
    free = list(range(n - 1, -1, -1))
    proposals = 0
    while free:
        i = free.pop()
        end = indptr[i + 1]
        while next_choice[i] < end:
            e = next_choice[i]
            next_choice[i] = e + 1
            j = mentors[e]
            proposals += 1
            heap, key = held[j], (keys[e], -i)
            if len(heap) < caps[j]:
                heapq.heappush(heap, key)
                break
            if key > heap[0]:
                free.append(-heapq.heapreplace(heap, key)[1])
                break
    assignment = np.full(n, -1, dtype=np.int64)
    for j, heap in enumerate(held):
        for _, minus_i in heap:
            assignment[-minus_i] = j
    return assignment, proposals


def _mentors_propose(lists: _Lists, capacities: IntArray) -> tuple[IntArray, int]:
    """Mentors propose down their lists (mentees ordered by mentor score, then index);
    a mentee keeps the best proposal by ``(score, -mentor)``."""
    n, m = lists.indptr.shape[0] - 1, capacities.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(lists.indptr))
    order = np.lexsort((rows, -lists.mentor_scores, lists.mentors))
    indptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(lists.mentors, minlength=m), out=indptr[1:])
    targets, mine = rows[order].tolist(), lists.scores[order].tolist()
    ptr, ends = indptr[:-1].tolist(), indptr[1:].tolist()
    seats = capacities.tolist()
    current: list[tuple[float, int] | None] = [None] * n
    queue = [j for j in range(m - 1, -1, -1) if seats[j] > 0]
    proposals = 0
    while queue:
        j = queue.pop()
        while seats[j] > 0 and ptr[j] < ends[j]:
            e = ptr[j]
            ptr[j] = e + 1
            i, key = targets[e], (mine[e], -j)
            proposals += 1
            held = current[i]
            if held is None or key > held:
                current[i] = key
                seats[j] -= 1
                if held is not None:
                    seats[-held[1]] += 1
                    queue.append(-held[1])
    assignment = np.array([-1 if h is None else -h[1] for h in current], dtype=np.int64)
    return assignment, proposals


def _is_stable(lists: _Lists, capacities: IntArray, assignment: IntArray) -> bool:
    """No acceptable pair (i, j) where both prefer each other to what they have."""
    n = assignment.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(lists.indptr))
    cols = lists.mentors
    mine = assignment[rows] == cols
    if np.count_nonzero(mine) != np.count_nonzero(assignment >= 0):
        return False
    load = np.bincount(cols[mine], minlength=capacities.shape[0])
    if np.any(load > capacities):
        return False
    own = np.full(n, -np.inf)
    own[rows[mine]] = lists.scores[mine]
    own_col = np.where(assignment >= 0, assignment, np.iinfo(np.int64).max)
    wants = (lists.scores > own[rows]) | ((lists.scores == own[rows]) & (cols < own_col[rows]))
    worst_score, worst_row = _worst_held(
        rows[mine], cols[mine], lists.mentor_scores[mine], capacities.shape[0]
    )
    ms = lists.mentor_scores
    accepts = (
        (load[cols] < capacities[cols])
        | (ms > worst_score[cols])
        | ((ms == worst_score[cols]) & (rows < worst_row[cols]))
    )
    return not bool(np.any(wants & accepts & ~mine))


def _worst_held(
    rows: IntArray, cols: IntArray, keys: FloatArray, m: int
) -> tuple[FloatArray, IntArray]:
    """Per mentor, the held mentee it likes least: lowest key, then highest index."""
    worst_score = np.full(m, np.inf)
    worst_row = np.full(m, -1, dtype=np.int64)
    order = np.lexsort((-rows, keys, cols))
    first = np.unique(cols[order], return_index=True)[1]
    worst_score[cols[order][first]] = keys[order][first]
    worst_row[cols[order][first]] = rows[order][first]
    return worst_score, worst_row


def _result(
    lists: _Lists, capacities: IntArray, assignment: IntArray, proposals: int, seconds: float
) -> MatchResult:
    n = assignment.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(lists.indptr))
    mine = assignment[rows] == lists.mentors
    has_list = np.diff(lists.indptr) > 0
    reasons = {
        int(i): (COMPATIBLE_MENTORS_FULL if has_list[i] else NO_ACCEPTABLE_MENTOR)
        for i in np.flatnonzero(assignment < 0)
    }
    return MatchResult(
        assignment=assignment,
        total_score=float(lists.scores[mine].sum()),
        matched=int(np.count_nonzero(assignment >= 0)),
        certified_optimal=_is_stable(lists, capacities, assignment),
        seconds=seconds,
        unmatched_reasons=reasons,
        rounds=proposals,
        n_candidate_pairs=int(lists.mentors.shape[0]),
        method="deferred_acceptance",
    )
