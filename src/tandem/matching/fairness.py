"""Match quality by group, so a manager sees inequity before publishing.

For any grouping of mentees (department, level, location, an aggregate-only demographic
group) :func:`fairness_report` gives each group's size, matched count, match rate and mean
score of its matched pairs, and the largest gap between groups in match rate and in mean
score. A group smaller than ``min_group_size`` (default 5) is *suppressed*: only its label
and the fact of suppression are reported, and it takes no part in the gaps.

Examples
--------
>>> report = fairness_report(
...     ["a"] * 5 + ["b"] * 5 + ["c"],
...     assignment=[0, 0, 0, 0, -1, 1, 1, -1, -1, -1, 0],
...     pair_scores=[0.8] * 4 + [np.nan] + [0.5] * 2 + [np.nan] * 4,
... )
>>> [(g.label, g.match_rate) for g in report.groups]
[('a', 0.8), ('b', 0.4), ('c', None)]
>>> round(report.match_rate_gap, 2), round(report.mean_score_gap, 2)
(0.4, 0.3)
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from tandem.matching.features import BoolArray, FloatArray, IntArray

MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class GroupStats:
    """One group's figures; all ``None`` when the group is suppressed."""

    label: str
    suppressed: bool
    size: int | None
    matched: int | None
    match_rate: float | None
    mean_score: float | None


@dataclass(frozen=True)
class FairnessReport:
    """Per-group figures and the largest gaps between the groups that are shown."""

    groups: tuple[GroupStats, ...]
    match_rate_gap: float | None
    mean_score_gap: float | None
    min_group_size: int

    @property
    def suppressed(self) -> int:
        """How many groups are too small to show."""
        return sum(g.suppressed for g in self.groups)


def matched_scores(scores: FloatArray, assignment: Sequence[int] | IntArray) -> FloatArray:
    """Each mentee's pair score from a dense score matrix (NaN when unmatched)."""
    a = np.asarray(assignment, dtype=np.int64)
    out = np.full(len(a), np.nan)
    rows = np.flatnonzero(a >= 0)
    out[rows] = scores[rows, a[rows]]
    return out


def _group(label: str, matched: BoolArray, scores: FloatArray, min_group_size: int) -> GroupStats:
    size = len(matched)
    if size < min_group_size:
        return GroupStats(label, True, None, None, None, None)
    n_matched = int(matched.sum())
    mean = float(np.mean(scores[matched])) if n_matched else None
    return GroupStats(label, False, size, n_matched, n_matched / size, mean)


def _gap(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) - min(present) if len(present) >= 2 else None


def fairness_report(
    labels: Sequence[Hashable],
    assignment: Sequence[int] | IntArray,
    pair_scores: Sequence[float] | FloatArray,
    include: Sequence[bool] | BoolArray | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> FairnessReport:
    """Match rate and mean matched score per group, and the largest gaps.

    Parameters
    ----------
    labels : sequence
        Each mentee's group; ``None`` labels are left out (unknown group).
    assignment : array of int
        Mentor index per mentee, -1 when unmatched.
    pair_scores : array of float
        Each mentee's pair score (ignored when unmatched); see :func:`matched_scores`.
    include : array of bool, optional
        Only these mentees are counted.
    min_group_size : int
        Groups smaller than this are suppressed.

    Raises
    ------
    ValueError
        If the arrays differ in length.
    """
    a = np.asarray(assignment, dtype=np.int64)
    s = np.asarray(pair_scores, dtype=np.float64)
    mask = np.ones(len(a), bool) if include is None else np.asarray(include, dtype=bool)
    if not len(labels) == len(a) == len(s) == len(mask):
        raise ValueError(
            f"labels ({len(labels)}), assignment ({len(a)}), pair_scores ({len(s)}) "
            f"and include ({len(mask)}) must have one entry per mentee"
        )
    keys = np.array([str(x) if x is not None else "" for x in labels], dtype=object)
    known = mask & np.array([x is not None for x in labels], dtype=bool)
    groups = tuple(
        _group(str(label), a[sel] >= 0, s[sel], min_group_size)
        for label in sorted(set(keys[known].tolist()))
        for sel in [known & (keys == label)]
    )
    return FairnessReport(
        groups=groups,
        match_rate_gap=_gap([g.match_rate for g in groups]),
        mean_score_gap=_gap([g.mean_score for g in groups]),
        min_group_size=min_group_size,
    )
