"""Blocks of scores kept between the passes of one solve, within a memory budget.

``solve_optimal`` reads every score once for the candidates and once per round for the
certificate scan. A block read again is the same array (``ScoreSource.block`` is
deterministic), so when the scores of a whole cohort fit in the budget — 20,000 × 5,000
float32 scores are 400 MB — only the first pass computes them; above it, the first blocks
that fit are kept and the rest recomputed. Kept blocks are read-only.

For the blocks that do not fit, a second budget keeps one byte per score: a code whose
value bounds the score from above (:func:`upper_codes`, at most 1/254 above it; 0 for a
pair that is not acceptable). A certificate scan recomputes such a block only when the
bounds say it may hold a violated dual constraint; at 100,000 × 20,000 the codes take
2 GB where the float32 scores would take 8 GB, and after the first repair round almost
no block needs recomputing.
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from tandem.matching.problem import ScoreSource

__all__ = ["UPPER", "BlockCache", "upper_codes"]

#: Bounds are dropped when computing blocks takes less than this times encoding them (after
#: ``_TRIAL`` blocks): checking a block's bounds costs about what encoding it does, so for a
#: source that cheap (one small matrix product) recomputing is faster than checking.
CHEAP_RATIO = 1.0
_TRIAL = 8

#: ``UPPER[code]``: the upper bound a code stands for (``-inf`` for "not acceptable").
UPPER = np.concatenate([[-np.inf], np.arange(255, dtype=np.float64) / 254.0])


def upper_codes(block: NDArray[np.floating], min_score: float) -> NDArray[np.uint8]:
    """One byte per score ``s``: 0 when not acceptable (NaN or below ``min_score``), else
    ``c = floor(254 s + 2.0001)`` capped at 255, so that ``UPPER[c] = (c - 1) / 254 >= s``.

    The float32 products are within 3e-5 of ``254 s``, inside the 1e-4 margin, so the bound
    holds for every score in [0, 1] whatever the rounding.
    """
    scaled: NDArray[np.float32] = np.multiply(block, np.float32(254.0), dtype=np.float32)
    scaled += np.float32(2.0001)
    np.minimum(scaled, np.float32(255.0), out=scaled)
    scaled[~(block >= min_score)] = 0.0
    codes: NDArray[np.uint8] = scaled.astype(np.uint8)
    return codes


class BlockCache:
    """A ``ScoreSource`` that remembers blocks of ``source`` up to ``budget`` bytes, and
    one-byte upper bounds of the other blocks up to ``bound_budget`` bytes."""

    def __init__(
        self, source: ScoreSource, budget: int, bound_budget: int = 0, min_score: float = 0.0
    ) -> None:
        self.source = source
        self.shape = source.shape
        self.budget = budget
        self.bound_budget = bound_budget
        self.min_score = min_score
        self.used = 0
        self.bound_used = 0
        self.hits = 0
        self._blocks: dict[tuple[int, int], NDArray[np.floating]] = {}
        self._bounds: dict[tuple[int, int], NDArray[np.uint8]] = {}
        self._seconds = [0.0, 0.0]  # computing, encoding the blocks that got codes

    def block(self, start: int, stop: int) -> NDArray[np.floating]:
        """The block, computed on first request and kept while the budget allows."""
        key = (start, stop)
        kept = self._blocks.get(key)
        if kept is not None:
            self.hits += 1
            return kept
        started = time.perf_counter()
        block = np.asarray(self.source.block(start, stop))
        computed = time.perf_counter()
        if self.used + block.nbytes <= self.budget:
            block.setflags(write=False)
            self._blocks[key] = block
            self.used += block.nbytes
        elif key not in self._bounds and self.bound_used + block.size <= self.bound_budget:
            codes = upper_codes(block, self.min_score)
            self._bounds[key] = codes
            self.bound_used += codes.nbytes
            self._seconds[0] += computed - started
            self._seconds[1] += time.perf_counter() - computed
            if len(self._bounds) >= _TRIAL and self._seconds[0] < CHEAP_RATIO * self._seconds[1]:
                self._bounds.clear()  # a cheap source: recomputing beats checking bounds
                self.bound_used = self.bound_budget = 0
        return block

    def bounds(self, start: int, stop: int) -> NDArray[np.uint8] | None:
        """Upper-bound codes of a block that is not kept, if they were recorded."""
        if (start, stop) in self._blocks:
            return None
        return self._bounds.get((start, stop))
