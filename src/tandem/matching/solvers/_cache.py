"""Blocks of scores kept between the passes of one solve, within a memory budget.

``solve_optimal`` reads every score once for the candidates and once per round for the
certificate scan. A block read again is the same array (``ScoreSource.block`` is
deterministic), so when the scores of a whole cohort fit in the budget — 20,000 × 5,000
float32 scores are 400 MB — only the first pass computes them; above it, the first blocks
that fit are kept and the rest recomputed. Kept blocks are read-only.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tandem.matching.problem import ScoreSource


class BlockCache:
    """A ``ScoreSource`` that remembers blocks of ``source`` up to ``budget`` bytes."""

    def __init__(self, source: ScoreSource, budget: int) -> None:
        self.source = source
        self.shape = source.shape
        self.budget = budget
        self.used = 0
        self.hits = 0
        self._blocks: dict[tuple[int, int], NDArray[np.floating]] = {}

    def block(self, start: int, stop: int) -> NDArray[np.floating]:
        """The block, computed on first request and kept while the budget allows."""
        kept = self._blocks.get((start, stop))
        if kept is not None:
            self.hits += 1
            return kept
        block = np.asarray(self.source.block(start, stop))
        if self.used + block.nbytes <= self.budget:
            block.setflags(write=False)
            self._blocks[(start, stop)] = block
            self.used += block.nbytes
        return block
