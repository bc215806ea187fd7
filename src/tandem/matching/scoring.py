r"""Scores of mentee-mentor pairs: the weighted mean of criteria in [0, 1].

For mentee :math:`i`, mentor :math:`j` and criteria :math:`c` with weights :math:`w_c \ge 0`

.. math:: s_{ij} = \frac{\sum_c w_c\, v_c(i, j)}{\sum_c w_c},

and :math:`s_{ij}` = NaN when a hard rule forbids the pair (:mod:`.constraints`).

=============  ============================================================================
criterion      value :math:`v_c(i, j)`
=============  ============================================================================
skills         mean over the mentee's wanted skills of ``0.5 + level/10`` when the mentor
               has the skill at ``level`` 1-5, else 0 (0 when the mentee lists none)
goals_text     cosine similarity of career goals and mentor bio + expertise (TF-IDF or
               embeddings, clipped at 0)
seniority      1 when ``mentor level − mentee level`` is in ``seniority_range``, falling
               linearly to 0 at ``seniority_falloff`` levels outside it
department     1 when the departments are the same (``department="same"``) or different
               (``"different"``), else 0
time_zone      hours of overlap of the two local working days, over the day's length
language       1 if they share a spoken language, else 0
format         1 unless one wants only virtual and the other only in-person meetings
interests      Jaccard index of the interest sets
requested      1 if the mentee asked for this mentor
=============  ============================================================================

Unknown levels, departments, time zones and languages give the neutral value
:data:`NEUTRAL` (0.5), so missing data neither helps nor sinks a pair.

:class:`FeatureScores` implements the engine's ``ScoreSource`` protocol: it scores any block
of mentee rows on demand, so a 100,000 × 20,000 problem never needs the dense matrix.

Examples
--------
>>> from tandem.matching.features import PersonRecord, build_features
>>> features = build_features(
...     [PersonRecord(id=1, level=1, skills={"SQL": 1})],
...     [PersonRecord(id=2, level=3, skills={"SQL": 5}), PersonRecord(id=1, level=3)],
... )
>>> scores = FeatureScores(features, ScoringConfig(weights={"skills": 1, "seniority": 1}))
>>> scores.block(0, 1).round(2).tolist()
[[1.0, nan]]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from tandem.matching.constraints import HardConstraints, HardRules
from tandem.matching.errors import InvalidProblem
from tandem.matching.factored import FactoredScores
from tandem.matching.features import (
    FORMAT_EITHER,
    BoolArray,
    FloatArray,
    IntArray,
    MatchingFeatures,
    Matrix,
    PairSelection,
)
from tandem.matching.text import TextSimilarity, TfidfSimilarity

CRITERIA = (
    "skills",
    "goals_text",
    "seniority",
    "department",
    "time_zone",
    "language",
    "format",
    "interests",
    "requested",
)
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "skills": 3.0,
        "goals_text": 2.0,
        "seniority": 1.0,
        "department": 1.0,
        "time_zone": 1.0,
        "language": 2.0,
        "format": 1.0,
        "interests": 0.5,
        "requested": 2.0,
    }
)
NEUTRAL = 0.5
_TABLE_MAX = 4096
_DENSE_VOCABULARY = 512
UNKNOWN_CRITERION = "unknown criterion {name!r} in weights; known criteria: {known}"
NEGATIVE_WEIGHT = "weight of {name!r} must be a finite number >= 0, got {value!r}"
ZERO_WEIGHTS = "at least one criterion needs a weight above 0"
BAD_RANGE = "seniority_range must be (low, high) with low <= high, got {value!r}"
BAD_HOURS = "work_hours must be (start, end) with 0 <= start < end <= start + 24, got {value!r}"


def _invalid(message: str) -> InvalidProblem:
    return InvalidProblem(message)


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Check criterion names and values; return the positive weights.

    Raises
    ------
    InvalidProblem
        For an unknown criterion (the message names it), a negative or non-finite weight,
        or when every weight is 0.
    """
    for name, value in weights.items():
        if name not in CRITERIA:
            raise _invalid(UNKNOWN_CRITERION.format(name=name, known=", ".join(CRITERIA)))
        if not isinstance(value, int | float) or not np.isfinite(value) or value < 0:
            raise _invalid(NEGATIVE_WEIGHT.format(name=name, value=value))
    positive = {name: float(value) for name, value in weights.items() if value > 0}
    if not positive:
        raise _invalid(ZERO_WEIGHTS)
    return positive


@dataclass(frozen=True)
class ScoringConfig:
    """A program's scoring settings.

    Parameters
    ----------
    weights : mapping of criterion name to weight
        Criteria left out weigh 0.
    seniority_range : tuple of float
        Preferred ``mentor level − mentee level``; reverse mentoring uses negative gaps,
        e.g. ``(-3, -1)``.
    seniority_falloff : float
        Levels outside the range over which the seniority value falls from 1 to 0.
    department : {"different", "same"}
        Which the program prefers (cross-functional programs prefer different).
    work_hours : tuple of float
        Local working day, hours from midnight, used for the time-zone overlap.
    rules : HardRules
        Level-gap limits (hard constraints).
    """

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    seniority_range: tuple[float, float] = (1.0, 3.0)
    seniority_falloff: float = 2.0
    department: Literal["different", "same"] = "different"
    work_hours: tuple[float, float] = (9.0, 17.0)
    rules: HardRules = field(default_factory=HardRules)

    def __post_init__(self) -> None:
        validate_weights(self.weights)
        low, high = self.seniority_range
        if not low <= high:
            raise _invalid(BAD_RANGE.format(value=self.seniority_range))
        start, end = self.work_hours
        if not (0 <= start < end <= start + 24):
            raise _invalid(BAD_HOURS.format(value=self.work_hours))
        if self.department not in ("different", "same"):
            raise _invalid(f"department must be 'different' or 'same', got {self.department!r}")

    @classmethod
    def reverse_mentoring(cls, **overrides: object) -> ScoringConfig:
        """Settings where the mentor is junior: preferred gap −3..−1, gap above 0 forbidden."""
        base: dict[str, object] = {
            "seniority_range": (-3.0, -1.0),
            "rules": HardRules(max_level_gap=0.0),
        }
        return cls(**{**base, **overrides})  # type: ignore[arg-type]


class FeatureScores:
    """Lazily scores blocks of mentees against all mentors (an engine ``ScoreSource``).

    Parameters
    ----------
    features : MatchingFeatures
    config : ScoringConfig, optional
    text : TextSimilarity, optional
        Backend for ``goals_text``; TF-IDF by default. Vectors are computed once, here.

    Attributes
    ----------
    shape : tuple of int
        ``(n_mentees, n_mentors)``.
    weights : dict
        The positive weights in use.
    """

    def __init__(
        self,
        features: MatchingFeatures,
        config: ScoringConfig | None = None,
        text: TextSimilarity | None = None,
    ) -> None:
        self.features = features
        self.config = config or ScoringConfig()
        self.weights = validate_weights(self.config.weights)
        self.shape: tuple[int, int] = features.shape
        self.constraints = HardConstraints(features, self.config.rules)
        self._derived = _Derived.build(features, self.config, text or TfidfSimilarity())
        self._factored: FactoredScores | None = None

    @property
    def factored(self) -> FactoredScores:
        """The factored (linear-algebra) form that computes blocks; built on first use."""
        if self._factored is None:
            self._factored = FactoredScores(self)
        return self._factored

    def block(self, start: int, stop: int) -> NDArray[np.float32]:
        """Scores of mentees ``start..stop-1`` against all mentors; NaN = forbidden.

        Float32 from the factored form; equal to :meth:`reference_block` within 1e-6.
        """
        return self.factored.block(start, stop)

    def reference_block(self, start: int, stop: int) -> FloatArray:
        """The same scores evaluated criterion by criterion in float64 (the definition)."""
        return self._scores(PairSelection.block(start, stop))

    def reference_rows(self, mentees: IntArray) -> FloatArray:
        """:meth:`rows` by the definition (float64): the very numbers ``pair_scores`` gives."""
        return self._scores(PairSelection(np.asarray(mentees, dtype=np.int64), None, False))

    def pair_scores(self, mentees: IntArray, mentors: IntArray) -> FloatArray:
        """Scores of the pairs ``(mentees[k], mentors[k])``; NaN = forbidden."""
        return self._scores(PairSelection.pairs(mentees, mentors))

    def assigned_scores(self, assignment: IntArray) -> FloatArray:
        """Each mentee's score with its assigned mentor (NaN when unmatched, -1)."""
        a = np.asarray(assignment, dtype=np.int64)
        out = np.full(len(a), np.nan)
        matched = np.flatnonzero(a >= 0)
        out[matched] = self.pair_scores(matched, a[matched])
        return out

    def rows(self, mentees: IntArray) -> NDArray[np.float32]:
        """Scores of the given mentee rows against all mentors; NaN = forbidden."""
        return self.factored.rows(np.asarray(mentees, dtype=np.int64))

    def criteria(self, pairs: PairSelection) -> dict[str, FloatArray]:
        """Each weighted criterion's value in [0, 1] over ``pairs`` (hard rules ignored)."""
        return {name: _CRITERIA[name](self, pairs) for name in self.weights}

    def criterion(self, name: str, pairs: PairSelection) -> FloatArray:
        """One criterion's value in [0, 1] over ``pairs`` (hard rules ignored)."""
        return _CRITERIA[name](self, pairs)

    def dense(self, block_rows: int = 2048) -> FloatArray:
        """The full score matrix, computed block by block."""
        n = self.shape[0]
        out = np.empty(self.shape, dtype=np.float64)
        for start in range(0, n, block_rows):
            out[start : start + block_rows] = self.block(start, min(n, start + block_rows))
        return out

    def _scores(self, pairs: PairSelection) -> FloatArray:
        total = sum(self.weights.values())
        score: FloatArray | None = None
        for name, weight in self.weights.items():
            part = _CRITERIA[name](self, pairs)  # always a fresh array: safe to scale in place
            part *= weight / total
            if score is None:
                score = part
            else:
                score += part
        assert score is not None
        np.clip(score, 0.0, 1.0, out=score)
        score[self.constraints.forbidden(pairs)] = np.nan
        return score


def score_matrix(
    features: MatchingFeatures,
    config: ScoringConfig | None = None,
    text: TextSimilarity | None = None,
) -> FloatArray:
    """Dense ``(n_mentees, n_mentors)`` scores with NaN for forbidden pairs."""
    return FeatureScores(features, config, text).dense()


@dataclass(frozen=True, eq=False)
class _PairTable:
    """``f(mentee value, mentor value)`` tabulated over each side's distinct values.

    Levels and time-zone offsets take few distinct values, so a block is one gather from a
    small table instead of several passes of arithmetic over every pair.
    """

    left: IntArray
    right: IntArray
    table: FloatArray

    @classmethod
    def build(
        cls, a: FloatArray, b: FloatArray, f: Callable[[FloatArray, FloatArray], FloatArray]
    ) -> _PairTable | None:
        """The table, or None when a side has more than ``_TABLE_MAX`` distinct values."""
        ua, ia = np.unique(a, return_inverse=True)
        ub, ib = np.unique(b, return_inverse=True)
        if len(ua) > _TABLE_MAX or len(ub) > _TABLE_MAX:
            return None
        return cls(ia.ravel(), ib.ravel(), f(ua[:, None], ub[None, :]))

    def values(self, pairs: PairSelection) -> FloatArray:
        """The tabulated values over ``pairs``."""
        if pairs.paired:
            out: FloatArray = self.table[pairs.left(self.left), pairs.right(self.right)]
            return out
        rows = self.table[self.left[pairs.rows]]
        return np.take(rows, self.right if pairs.cols is None else self.right[pairs.cols], axis=1)


@dataclass(frozen=True, eq=False)
class _Derived:
    """Arrays precomputed once per problem."""

    wanted: Matrix
    wanted_share: FloatArray
    expertise_value: Matrix
    mentee_text: Matrix
    mentor_text: Matrix
    mentee_languages: Matrix
    mentor_languages: Matrix
    mentee_interests: Matrix
    mentor_interests: Matrix
    mentee_interest_counts: FloatArray
    mentor_interest_counts: FloatArray
    mentee_has_language: BoolArray
    mentor_has_language: BoolArray
    seniority: _PairTable | None
    time_zone: _PairTable | None
    department: _PairTable | None

    @classmethod
    def build(cls, f: MatchingFeatures, config: ScoringConfig, text: TextSimilarity) -> _Derived:
        """Precompute what every block needs; ``text`` vectors only if goals_text weighs."""
        expertise = sp.csr_array(f.mentors.skills, copy=True)
        expertise.data = 0.5 + np.clip(expertise.data, 1, 5) / 10.0
        wanted = sp.csr_array(f.mentees.skills)
        if config.weights.get("goals_text", 0) > 0:
            a, b = text.vectors(f.mentees.texts, f.mentors.texts)
        else:
            a, b = sp.csr_array((len(f.mentees), 1)), sp.csr_array((len(f.mentors), 1))
        return cls(
            wanted=_compact(wanted),
            wanted_share=_inverse(_row_counts(wanted)),
            expertise_value=_compact(expertise),
            mentee_languages=_compact(f.mentees.languages),
            mentor_languages=_compact(f.mentors.languages),
            mentee_interests=_compact(f.mentees.interests),
            mentor_interests=_compact(f.mentors.interests),
            mentee_text=a,
            mentor_text=b,
            mentee_interest_counts=_row_counts(f.mentees.interests),
            mentor_interest_counts=_row_counts(f.mentors.interests),
            mentee_has_language=_row_counts(f.mentees.languages) > 0,
            mentor_has_language=_row_counts(f.mentors.languages) > 0,
            seniority=_PairTable.build(
                f.mentees.levels, f.mentors.levels, partial(_seniority_value, config)
            ),
            time_zone=_PairTable.build(
                f.mentees.utc_offsets, f.mentors.utc_offsets, partial(_time_zone_value, config)
            ),
            department=_PairTable.build(
                f.mentees.departments.astype(np.float64),
                f.mentors.departments.astype(np.float64),
                partial(_department_value, config),
            ),
        )


def _row_counts(matrix: Matrix) -> FloatArray:
    return np.asarray(np.diff(sp.csr_array(matrix).indptr), dtype=np.float64)


def _inverse(counts: FloatArray) -> FloatArray:
    """``1 / counts``, with 0 where the count is 0."""
    return np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)


def _compact(matrix: Matrix) -> Matrix:
    """Dense when the vocabulary is small: a BLAS product beats sparse products then."""
    return matrix.toarray() if matrix.shape[1] <= _DENSE_VOCABULARY else matrix


def _skills(s: FeatureScores, p: PairSelection) -> FloatArray:
    d = s._derived
    value = p.dot(d.wanted, d.expertise_value)
    value *= p.left(d.wanted_share)
    return value


def _goals_text(s: FeatureScores, p: PairSelection) -> FloatArray:
    d = s._derived
    return np.clip(p.dot(d.mentee_text, d.mentor_text), 0.0, 1.0)


def _seniority_value(config: ScoringConfig, mentee: FloatArray, mentor: FloatArray) -> FloatArray:
    gap = mentor - mentee
    low, high = config.seniority_range
    distance = np.maximum(low - gap, 0.0) + np.maximum(gap - high, 0.0)
    value = np.clip(1.0 - distance / max(config.seniority_falloff, 1e-9), 0.0, 1.0)
    return np.where(np.isnan(gap), NEUTRAL, value)


def _seniority(s: FeatureScores, p: PairSelection) -> FloatArray:
    if s._derived.seniority is not None:
        return s._derived.seniority.values(p)
    levels = p.left(s.features.mentees.levels), p.right(s.features.mentors.levels)
    return _seniority_value(s.config, *levels)


def _department_value(config: ScoringConfig, mentee: FloatArray, mentor: FloatArray) -> FloatArray:
    same = (mentee == mentor) == (config.department == "same")
    return np.where((mentee < 0) | (mentor < 0), NEUTRAL, same.astype(np.float64))


def _department(s: FeatureScores, p: PairSelection) -> FloatArray:
    if s._derived.department is not None:
        return s._derived.department.values(p)
    codes = p.left(s.features.mentees.departments), p.right(s.features.mentors.departments)
    return _department_value(s.config, *codes)


def overlap_hours(
    mentee_offsets: FloatArray, mentor_offsets: FloatArray, work_hours: tuple[float, float]
) -> FloatArray:
    """Hours during which both local working days overlap (NaN offsets give NaN)."""
    length = work_hours[1] - work_hours[0]
    shift = np.abs(mentee_offsets - mentor_offsets) % 24.0
    shift = np.minimum(shift, 24.0 - shift)
    overlap: FloatArray = np.maximum(length - shift, 0.0) + np.maximum(length - (24.0 - shift), 0.0)
    return np.minimum(overlap, length)


def _time_zone_value(config: ScoringConfig, mentee: FloatArray, mentor: FloatArray) -> FloatArray:
    hours = config.work_hours
    overlap = overlap_hours(mentee, mentor, hours)
    return np.where(np.isnan(overlap), NEUTRAL, overlap / (hours[1] - hours[0]))


def _time_zone(s: FeatureScores, p: PairSelection) -> FloatArray:
    if s._derived.time_zone is not None:
        return s._derived.time_zone.values(p)
    offsets = p.left(s.features.mentees.utc_offsets), p.right(s.features.mentors.utc_offsets)
    return _time_zone_value(s.config, *offsets)


def _language(s: FeatureScores, p: PairSelection) -> FloatArray:
    d = s._derived
    shared = p.dot(d.mentee_languages, d.mentor_languages) > 0
    known = p.left(d.mentee_has_language) & p.right(d.mentor_has_language)
    return np.where(known, shared.astype(np.float64), NEUTRAL)


def _format_value(a: IntArray, b: IntArray) -> FloatArray:
    compatible: BoolArray = (a == b) | (a == FORMAT_EITHER) | (b == FORMAT_EITHER)
    return compatible.astype(np.float64)


def _format(s: FeatureScores, p: PairSelection) -> FloatArray:
    return _format_value(p.left(s.features.mentees.formats), p.right(s.features.mentors.formats))


def _interests(s: FeatureScores, p: PairSelection) -> FloatArray:
    d = s._derived
    shared = p.dot(d.mentee_interests, d.mentor_interests)
    union = p.left(d.mentee_interest_counts) + p.right(d.mentor_interest_counts) - shared
    shared /= np.maximum(union, 1.0)  # union >= shared, so an empty union gives 0
    return shared


def _requested(s: FeatureScores, p: PairSelection) -> FloatArray:
    return (p.lookup(s.features.requested) > 0).astype(np.float64)


_CRITERIA: dict[str, Callable[[FeatureScores, PairSelection], FloatArray]] = {
    "skills": _skills,
    "goals_text": _goals_text,
    "seniority": _seniority,
    "department": _department,
    "time_zone": _time_zone,
    "language": _language,
    "format": _format,
    "interests": _interests,
    "requested": _requested,
}


def criteria_without_data(features: MatchingFeatures) -> set[str]:
    """Criteria that cannot tell pairs apart because one side gave no data for them.

    Useful to leave them out of the weights, so that empty columns do not dilute scores.
    """
    e, m = features.mentees, features.mentors

    def blank(texts: tuple[str, ...]) -> bool:
        return not any(t.strip() for t in texts)

    checks = {
        "skills": e.skills.nnz == 0 or m.skills.nnz == 0,
        "goals_text": blank(e.texts) or blank(m.texts),
        "seniority": bool(np.isnan(e.levels).all() or np.isnan(m.levels).all()),
        "department": bool((e.departments < 0).all() or (m.departments < 0).all()),
        "time_zone": bool(np.isnan(e.utc_offsets).all() or np.isnan(m.utc_offsets).all()),
        "language": e.languages.nnz == 0 or m.languages.nnz == 0,
        "format": bool((e.formats == FORMAT_EITHER).all() or (m.formats == FORMAT_EITHER).all()),
        "interests": e.interests.nnz == 0 or m.interests.nnz == 0,
        "requested": features.requested.nnz == 0,
    }
    return {name for name, empty in checks.items() if empty}
