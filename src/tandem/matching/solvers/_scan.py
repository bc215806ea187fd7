"""Block-wise passes over a score source: candidate selection and the dual check.

Scores are read ``block_rows`` mentees at a time, so memory stays
``O(block_rows * n_mentors)`` whatever the cohort size. Integer weights are
``rint(score * scale)``, computed identically in every pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tandem.matching.problem import (
    COMPATIBLE_MENTORS_FULL,
    NO_ACCEPTABLE_MENTOR,
    NOT_SELECTED,
    ScoreSource,
    validate_score_block,
)
from tandem.matching.solvers._cache import BlockCache
from tandem.matching.solvers._flow import Candidates, Duals
from tandem.matching.solvers._topk import (
    ColumnTop,
    RowTop,
    first_per_group,
    nonzero_2d,
    top_rows_exact,
)

FloatArray = NDArray[np.floating]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

__all__ = [
    "ScanPlan",
    "Violations",
    "initial_candidates",
    "iter_blocks",
    "seats_of",
    "top_per_row",
    "unmatched_reasons",
    "violating_pairs",
]


@dataclass(frozen=True)
class ScanPlan:
    """How to read and prune the score source."""

    scale: int  #: weight = rint(score * scale)
    bonus: int  #: added to every pair's weight (coverage priority); 0 for score-only
    block_rows: int  #: mentees per block
    per_mentee: int  #: best mentors kept per mentee in the first pass
    per_mentor: int  #: best mentees kept per mentor in the first pass
    add_per_row: int  #: most violating pairs added per mentee per round
    near: int  #: also add pairs whose dual slack is below this (anticipates the next round)
    min_score: float
    usable: BoolArray  #: mentors with capacity > 0


@dataclass(frozen=True)
class Violations:
    """Pairs violating the dual constraints (capped per mentee) and their total count."""

    pairs: Candidates
    count: int
    reasons: dict[int, str]


def iter_blocks(
    source: ScoreSource, block_rows: int, rows: IntArray | None = None
) -> Iterator[tuple[int, FloatArray]]:
    """Yield ``(start, block)``; with ``rows``, only blocks containing one of them.

    The next block is computed on one helper thread while the caller processes the
    current one (numpy releases the GIL), so ``source.block`` is still called one block
    at a time, in order.
    """
    n, m = source.shape
    if rows is None:
        starts = list(range(0, n, block_rows))
    else:
        starts = [int(b) * block_rows for b in np.unique(rows // block_rows)]

    def read(start: int) -> FloatArray:
        stop = min(n, start + block_rows)
        block = np.asarray(source.block(start, stop))
        if block.shape != (stop - start, m):
            validate_score_block(block, (stop - start, m))
        return block

    if len(starts) <= 1:
        for start in starts:
            yield start, read(start)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(read, starts[0])
        for index, start in enumerate(starts):
            block = pending.result()
            if index + 1 < len(starts):
                pending = pool.submit(read, starts[index + 1])
            yield start, block


def _acceptable(block: FloatArray, plan: ScanPlan) -> FloatArray:
    """Scores as float64 with every unacceptable pair (NaN, < min_score, no seats) at -inf."""
    out: FloatArray = np.where(block >= plan.min_score, block, -np.inf).astype(np.float64)
    if not plan.usable.all():
        out[:, ~plan.usable] = -np.inf
    return out


def _pairs(rows: IntArray, cols: IntArray, values: FloatArray, scale: int) -> Candidates:
    scores = values.astype(np.float64)
    weights = np.rint(scores * scale).astype(np.int64)
    return Candidates(rows.astype(np.int64), cols.astype(np.int64), weights, scores)


def top_per_row(
    block: FloatArray, start: int, k: int, plan: ScanPlan, row_top: RowTop | None = None
) -> tuple[Candidates, BoolArray]:
    """Each row's ``k`` best acceptable columns, and which rows have any acceptable column."""
    pairs, has_any, _ = _block_candidates(block, start, k, plan, row_top=row_top)
    return pairs, has_any


def _block_candidates(
    block: FloatArray,
    start: int,
    k: int,
    plan: ScanPlan,
    *,
    row_top: RowTop | None = None,
    column_top: ColumnTop | None = None,
) -> tuple[Candidates, BoolArray, int]:
    """Row top-k of a block, feeding the column tops from the same survivors."""
    row_top = row_top or RowTop(k, block.shape[1], plan.min_score)
    threshold = row_top.thresholds(block, plan.usable)
    mask = block >= threshold.astype(block.dtype)[:, None]
    if column_top is not None:
        if start == 0:
            column_top.seed(block, plan.usable)
        mask |= block >= column_top.thresholds.astype(block.dtype)
    rows, cols = nonzero_2d(mask)
    usable = plan.usable[cols]
    rows, cols = rows[usable], cols[usable]
    values = block[rows, cols].astype(np.float64)
    if column_top is not None:
        by_column = values >= column_top.thresholds[cols]
        column_top.add(rows[by_column] + start, cols[by_column], values[by_column])
    by_row = values >= threshold[rows]
    rows, cols, values = rows[by_row], cols[by_row], values[by_row]
    counts = np.bincount(rows, minlength=block.shape[0])
    short = (counts < k) & (threshold > plan.min_score)
    sure = ~short[rows]
    keep = first_per_group(rows[sure], values[sure], k)
    rows_k, cols_k = rows[sure][keep], cols[sure][keep]
    if short.any():
        short_rows = np.flatnonzero(short)
        extra_rows, extra_cols = top_rows_exact(_acceptable(block[short_rows], plan), k)
        rows_k = np.concatenate([rows_k, short_rows[extra_rows]])
        cols_k = np.concatenate([cols_k, extra_cols])
    has_any = np.zeros(block.shape[0], dtype=np.bool_)
    has_any[rows_k] = True
    pairs = _pairs(rows_k + start, cols_k, block[rows_k, cols_k], plan.scale)
    return pairs, has_any, int(short.sum())


def initial_candidates(source: ScoreSource, plan: ScanPlan) -> tuple[Candidates, BoolArray]:
    """First pass: each mentee's best mentors plus each mentor's best mentees.

    Also validates every block and returns which mentees have any acceptable mentor.
    """
    n, m = source.shape
    has_acceptable = np.zeros(n, dtype=np.bool_)
    pieces: list[Candidates] = []
    row_top = RowTop(plan.per_mentee, m, plan.min_score)
    column_top = ColumnTop(plan.per_mentor, m, plan.min_score) if plan.per_mentor else None
    for start, block in iter_blocks(source, plan.block_rows):
        validate_score_block(block, block.shape)
        pairs, any_ok, _ = _block_candidates(
            block, start, plan.per_mentee, plan, row_top=row_top, column_top=column_top
        )
        pieces.append(pairs)
        has_acceptable[start : start + len(block)] = any_ok
    merged = _concat(pieces)
    if column_top is not None:
        column_top.prune()
        extra = _pairs(column_top.rows, column_top.cols, column_top.values, plan.scale)
        merged = merged.merged(extra, m)
    return merged.merged(Candidates.empty(), m), has_acceptable


def _concat(pieces: list[Candidates]) -> Candidates:
    if not pieces:
        return Candidates.empty()
    return Candidates(
        np.concatenate([p.rows for p in pieces]),
        np.concatenate([p.cols for p in pieces]),
        np.concatenate([p.weights for p in pieces]),
        np.concatenate([p.scores for p in pieces]),
    )


def violating_pairs(
    source: ScoreSource,
    candidates: Candidates,
    duals: Duals,
    plan: ScanPlan,
    seats: _Seats | None = None,
) -> Violations:
    """Second pass: every acceptable pair with ``bonus + w_ij > u_i + v_j`` (exact integers).

    Candidate pairs are already known to satisfy the constraint, so they are masked out.
    A float64 prefilter on each row's largest ``s_ij - v_j/scale`` keeps the rows that
    may hold a violation: a superset, since ``|rint(s*scale) - s*scale| <= 1/2`` and the
    margin is ``1/scale`` (float64 rounding is ~1e-11 here). Those rows are
    checked exactly in int64; of each, the ``add_per_row`` pairs with the largest reduced
    weight ``w_ij - v_j`` and slack below ``near`` are returned (anticipating the next
    round). With ``seats``, the same pass computes the unmatched mentees' reason codes.
    """
    prices = duals.v / plan.scale
    prices[~plan.usable] = np.inf
    threshold = (duals.u - plan.bonus - plan.near - 1) / plan.scale
    pieces: list[Candidates] = []
    count = 0
    reasons: dict[int, str] = {}
    buffer = np.empty((plan.block_rows, len(prices)), dtype=np.float64)
    needed = _blocks_to_read(
        source, candidates, duals, plan, prices=prices, buffer=buffer, seats=seats, reasons=reasons
    )
    for start, block in iter_blocks(source, plan.block_rows, needed):
        stop = start + len(block)
        if seats is not None:
            seats.explain(block, start, plan, reasons)
        if block.shape[1] == 0:
            continue
        reduced = np.subtract(block, prices, out=buffer[: len(block)])
        lo, hi = np.searchsorted(candidates.rows, [start, stop])
        reduced[candidates.rows[lo:hi] - start, candidates.cols[lo:hi]] = -np.inf
        hot = np.flatnonzero(np.fmax.reduce(reduced, axis=1) > threshold[start:stop])
        if hot.size:
            found, violated = _exact_rows(block[hot], hot + start, prices, duals, plan)
            count += violated
            pieces.append(found)
    return Violations(_concat(pieces) if count else Candidates.empty(), count, reasons)


def _blocks_to_read(
    source: ScoreSource,
    candidates: Candidates,
    duals: Duals,
    plan: ScanPlan,
    *,
    prices: NDArray[np.float64],
    buffer: FloatArray,
    seats: _Seats | None,
    reasons: dict[int, str],
) -> IntArray | None:
    """First rows of the blocks the scan must read; None: all of them.

    A block whose one-byte upper bounds are kept (:class:`BlockCache`) is read only if the
    bounds allow a violation: ``UPPER[c_ij] - v_j/scale > (u_i - bonus - 1)/scale`` for a
    non-candidate pair. ``UPPER[c] >= s``, so this is a superset of the exact prefilter
    without ``near`` (near-violations of a skipped block are not collected: they only
    anticipate the next round). The bounds also give the unmatched mentees' reasons.
    """
    if not isinstance(source, BlockCache) or source.bound_used == 0:
        return None
    n = source.shape[0]
    limit = (duals.u - plan.bonus - 1) / plan.scale
    shifted = prices + 1.0 / 254.0
    needed: list[int] = []
    for start in range(0, n, plan.block_rows):
        stop = min(n, start + plan.block_rows)
        codes = source.bounds(start, stop)
        if codes is None or _may_violate(
            codes, start, candidates, shifted=shifted, limit=limit, buffer=buffer
        ):
            needed.append(start)
        elif seats is not None:
            seats.explain_acceptable(codes > 0, start, plan, reasons)
    return np.asarray(needed, dtype=np.int64)


def _may_violate(
    codes: NDArray[np.uint8],
    start: int,
    candidates: Candidates,
    *,
    shifted: NDArray[np.float64],
    limit: NDArray[np.float64],
    buffer: FloatArray,
) -> bool:
    """Whether the bounds of a block allow any non-candidate pair to violate its constraint.

    ``shifted`` is ``v_j/scale + 1/254``, so ``c/254 - shifted`` is ``UPPER[c] - v_j/scale``
    (within 1e-15, far inside the codes' 4e-7 margin) in two passes instead of a gather.
    """
    bound = np.multiply(codes, 1.0 / 254.0, out=buffer[: len(codes)], dtype=np.float64)
    bound -= shifted
    np.copyto(bound, -np.inf, where=codes == 0)
    lo, hi = np.searchsorted(candidates.rows, [start, start + len(codes)])
    bound[candidates.rows[lo:hi] - start, candidates.cols[lo:hi]] = -np.inf
    return bool(np.any(np.fmax.reduce(bound, axis=1) > limit[start : start + len(codes)]))


def _exact_rows(
    block: FloatArray, rows: IntArray, prices: NDArray[np.float64], duals: Duals, plan: ScanPlan
) -> tuple[Candidates, int]:
    """Exact check of some rows: (pairs with slack < near, capped per row; #violations)."""
    reduced = _acceptable(block, plan) - prices
    local, cols = _near_violations(reduced, rows, duals, plan)
    pairs = _pairs(rows[local], cols, block[local, cols], plan.scale)
    slack = duals.u[pairs.rows] + duals.v[pairs.cols] - (pairs.weights + plan.bonus)
    violated = int(np.count_nonzero(slack < 0))
    # A violation beyond a row's top pairs needs all of them within rounding of the bound.
    counts = np.bincount(local, minlength=len(rows))
    lowest = np.full(len(rows), np.inf)
    np.minimum.at(lowest, local, reduced[local, cols])
    bound = (duals.u[rows] - plan.bonus + 0.4) / plan.scale
    unsure = np.flatnonzero((counts >= plan.add_per_row) & (lowest >= bound))
    unsure = np.setdiff1d(unsure, local[slack < 0])
    if unsure.size:
        violated += _full_check(block[unsure], rows[unsure], duals, plan)
    return pairs.select(slack < plan.near), violated


def _near_violations(
    reduced: FloatArray, rows: IntArray, duals: Duals, plan: ScanPlan
) -> tuple[IntArray, IntArray]:
    """Each row's ``add_per_row`` largest reduced weights among those that may have slack
    below ``near`` (``(local_rows, cols)``; superset margin 1/scale as in the prefilter).

    Rows are full width (tens of thousands of mentors). Most hold a handful of such pairs:
    those are ranked among their few survivors; ``argpartition`` over the whole row (tens of
    nanoseconds a score) is kept for the rows with many, as in the first rounds.
    """
    k = plan.add_per_row
    floor = (duals.u[rows] - plan.bonus - plan.near - 1) / plan.scale
    near = reduced > floor[:, None]
    crowded = np.count_nonzero(near, axis=1) > 4 * k
    few = np.flatnonzero(~crowded)
    local, cols = nonzero_2d(near[few])
    keep = first_per_group(local, reduced[few[local], cols], k, exact=True)
    local, cols = few[local[keep]], cols[keep]
    many = np.flatnonzero(crowded)
    if many.size:
        many_local, many_cols = top_rows_exact(reduced[many], k)
        local = np.concatenate([local, many[many_local]])
        cols = np.concatenate([cols, many_cols])
    return local, cols


def _full_check(block: FloatArray, rows: IntArray, duals: Duals, plan: ScanPlan) -> int:
    """Count the violations among all pairs of a few rows."""
    acceptable = _acceptable(block, plan)
    local, cols = nonzero_2d(acceptable > -np.inf)
    weights = np.rint(acceptable[local, cols] * plan.scale).astype(np.int64)
    slack = duals.u[rows[local]] + duals.v[cols] - (weights + plan.bonus)
    return int(np.count_nonzero(slack < 0))


class _Seats:
    """Who is unmatched and which mentors still have a free seat, to explain the unmatched."""

    def __init__(self, assignment: IntArray, capacities: IntArray) -> None:
        self.unmatched = np.flatnonzero(assignment < 0)
        load = np.bincount(assignment[assignment >= 0], minlength=capacities.shape[0])
        self.open_seat = load < capacities

    def explain(
        self, block: FloatArray, start: int, plan: ScanPlan, reasons: dict[int, str]
    ) -> None:
        """Add the reason codes of the unmatched mentees in this block."""
        lo, hi = np.searchsorted(self.unmatched, [start, start + len(block)])
        here = self.unmatched[lo:hi]
        if here.size:
            self._explain(here, block[here - start] >= plan.min_score, plan, reasons)

    def explain_acceptable(
        self, acceptable: BoolArray, start: int, plan: ScanPlan, reasons: dict[int, str]
    ) -> None:
        """The same from a block's mask of acceptable scores (``>= min_score``)."""
        lo, hi = np.searchsorted(self.unmatched, [start, start + len(acceptable)])
        here = self.unmatched[lo:hi]
        if here.size:
            self._explain(here, acceptable[here - start], plan, reasons)

    def _explain(
        self, here: IntArray, acceptable: BoolArray, plan: ScanPlan, reasons: dict[int, str]
    ) -> None:
        ok: BoolArray = acceptable & plan.usable
        any_ok: list[bool] = np.any(ok, axis=1).tolist()
        any_open: list[bool] = np.any(ok & self.open_seat, axis=1).tolist()
        for row, acceptable_any, open_seat in zip(here.tolist(), any_ok, any_open, strict=True):
            if not acceptable_any:
                reasons[row] = NO_ACCEPTABLE_MENTOR
            else:
                reasons[row] = NOT_SELECTED if open_seat else COMPATIBLE_MENTORS_FULL


def seats_of(assignment: IntArray, capacities: IntArray) -> _Seats:
    """Seat bookkeeping for :func:`violating_pairs` and :func:`unmatched_reasons`."""
    return _Seats(assignment, capacities)


def unmatched_reasons(
    source: ScoreSource, assignment: IntArray, capacities: IntArray, plan: ScanPlan
) -> dict[int, str]:
    """A reason code for every unmatched mentee (reads only blocks holding one)."""
    seats = _Seats(assignment, capacities)
    reasons: dict[int, str] = {}
    if seats.unmatched.size:
        for start, block in iter_blocks(source, plan.block_rows, seats.unmatched):
            seats.explain(block, start, plan, reasons)
    return reasons
