"""Hard rules: pairs that may never be proposed (their score becomes NaN).

Each rule yields a boolean mask over a :class:`~tandem.matching.features.PairSelection`:

=====================  ==================================================================
rule                   forbids the pair when
=====================  ==================================================================
``same_person``        mentee and mentor have the same person id
``management_chain``   the mentor manages the mentee directly or indirectly, or vice versa
``level_gap``          mentor level − mentee level is below ``min_level_gap`` or above
                       ``max_level_gap`` (unknown levels never forbid)
``ineligible``         either side is not eligible
``avoided``            the mentee asked never to be paired with this mentor
=====================  ==================================================================

The management-chain test is two sparse products: a mentee's ancestor indicator row times
the mentor's identity indicator, and the reverse, so it scales to 100,000 × 20,000 pairs
computed block by block.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from tandem.matching.features import (
    BoolArray,
    MatchingFeatures,
    Matrix,
    PairSelection,
    Participants,
)

RULES = ("same_person", "management_chain", "level_gap", "ineligible", "avoided")
RULE_LABELS = {
    "same_person": "same person",
    "management_chain": "management chain",
    "level_gap": "level gap",
    "ineligible": "eligibility",
    "avoided": "avoid list",
}


@dataclass(frozen=True)
class HardRules:
    """Program-level hard-rule settings.

    Parameters
    ----------
    min_level_gap : float or None
        Smallest allowed ``mentor level − mentee level`` (e.g. ``1``: the mentor is at least
        one level more senior). ``None``: no minimum. Reverse mentoring uses
        ``max_level_gap=-1`` instead.
    max_level_gap : float or None
        Largest allowed gap. ``None``: no maximum.
    """

    min_level_gap: float | None = None
    max_level_gap: float | None = None


class HardConstraints:
    """Evaluates the hard rules of one problem over any pair selection.

    Parameters
    ----------
    features : MatchingFeatures
    rules : HardRules
    """

    def __init__(self, features: MatchingFeatures, rules: HardRules | None = None) -> None:
        self.features = features
        self.rules = rules or HardRules()
        universe = np.unique(
            np.concatenate(
                [
                    features.mentees.ids,
                    features.mentors.ids,
                    *(np.asarray(c, dtype=np.int64) for c in features.mentees.chains),
                    *(np.asarray(c, dtype=np.int64) for c in features.mentors.chains),
                ]
            )
        )
        self._mentee_self, self._mentee_chain = _indicators(features.mentees, universe)
        self._mentor_self, self._mentor_chain = _indicators(features.mentors, universe)

    def masks(self, pairs: PairSelection) -> dict[str, BoolArray]:
        """One boolean mask per rule in :data:`RULES` (True = forbidden)."""
        e, m = self.features.mentees, self.features.mentors
        gap = pairs.right(m.levels) - pairs.left(e.levels)
        low = self.rules.min_level_gap
        high = self.rules.max_level_gap
        with np.errstate(invalid="ignore"):
            too_low = gap < low if low is not None else np.zeros_like(gap, dtype=bool)
            too_high = gap > high if high is not None else np.zeros_like(gap, dtype=bool)
        chain = pairs.dot(self._mentee_chain, self._mentor_self) + pairs.dot(
            self._mentee_self, self._mentor_chain
        )
        return {
            "same_person": pairs.left(e.ids) == pairs.right(m.ids),
            "management_chain": chain > 0,
            "level_gap": too_low | too_high,
            "ineligible": ~(pairs.left(e.eligible) & pairs.right(m.eligible)),
            "avoided": pairs.lookup(self.features.avoided) > 0,
        }

    def forbidden(self, pairs: PairSelection) -> BoolArray:
        """True where any hard rule forbids the pair."""
        masks = iter(self.masks(pairs).values())
        result = next(masks).copy()
        for mask in masks:
            result |= mask
        return result


def _indicators(side: Participants, universe: np.ndarray) -> tuple[Matrix, Matrix]:
    """Sparse one-hot of each person's id, and of the ids in their management chain."""
    n, width = len(side), len(universe)
    self_cols = np.searchsorted(universe, side.ids)
    identity = sp.csr_array(
        (np.ones(n), self_cols, np.arange(n + 1)), shape=(n, width), dtype=np.float64
    )
    lengths = np.array([len(c) for c in side.chains], dtype=np.int64)
    flat = np.fromiter((x for c in side.chains for x in c), dtype=np.int64, count=lengths.sum())
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    chain = sp.csr_array(
        (np.ones(len(flat)), np.searchsorted(universe, flat), indptr), shape=(n, width)
    )
    return identity, chain
