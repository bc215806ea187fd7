"""Why a pair was proposed, and why a mentee was left unmatched — in plain sentences.

Every proposed pair gets one :class:`Reason` per weighted criterion: its contribution
``weight * value / sum(weights)`` (the contributions add up to the pair's score) and a
sentence addressed to the mentee ("shares 3 of 4 skills you want to develop: SQL,
negotiation, public speaking"). Every unmatched mentee gets a code and a sentence ("all
compatible mentors were full: ..."). Sentence templates are module constants.

Examples
--------
>>> from tandem.matching.features import PersonRecord, build_features
>>> from tandem.matching.scoring import FeatureScores, ScoringConfig
>>> features = build_features(
...     [PersonRecord(id=1, languages={"Spanish"})],
...     [PersonRecord(id=2, languages={"Spanish", "English"})],
... )
>>> scores = FeatureScores(features, ScoringConfig(weights={"language": 1}))
>>> explain_pairs(scores, [0], [0])[0].summary()
'both speak Spanish'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from tandem.matching.constraints import RULE_LABELS
from tandem.matching.features import (
    FORMAT_EITHER,
    FORMAT_LABELS,
    FloatArray,
    IntArray,
    PairSelection,
)
from tandem.matching.scoring import FeatureScores

PAIR_TEMPLATES: Mapping[str, str] = {
    "skills": "shares {n} of {total} skills you want to develop: {names}",
    "skills_none": "has none of the {total} skills you want to develop",
    "skills_unknown": "you listed no skills to develop",
    "goals_text_strong": "their experience closely matches your career goals",
    "goals_text_some": "their experience partly matches your career goals",
    "goals_text_weak": "their experience barely matches your career goals",
    "seniority_more": "{n} {levels} more senior",
    "seniority_same": "at the same level as you",
    "seniority_less": "{n} {levels} more junior",
    "seniority_unknown": "level not known",
    "department_different": "works in a different department ({department})",
    "department_same": "works in the same department ({department})",
    "department_unknown": "department not known",
    "time_zone": "{hours} of overlapping working hours",
    "time_zone_none": "no overlapping working hours",
    "time_zone_unknown": "time zone not known",
    "language": "both speak {names}",
    "language_none": "no shared language",
    "language_unknown": "languages not known",
    "format_same": "both prefer {format} meetings",
    "format_ok": "meeting formats are compatible",
    "format_conflict": "prefers {mentor_format} meetings, you prefer {mentee_format}",
    "interests": "shares {n} {noun} outside work: {names}",
    "interests_none": "no shared interests outside work",
    "requested": "you asked for this mentor",
    "requested_none": "you did not ask for this mentor",
}
UNMATCHED_TEMPLATES: Mapping[str, str] = {
    "no_mentors": "there are no mentors to match with",
    "mentee_ineligible": "not eligible for this program",
    "excluded_by_hard_rules": "every mentor is excluded by a hard rule ({rules})",
    "no_acceptable_mentor": (
        "no mentor scores above the minimum {min_score:.2f} (best possible: {best:.2f})"
    ),
    "compatible_mentors_full": "all compatible mentors were full",
    "compatible_mentors_full_min": (
        "all compatible mentors were full: no mentor with free capacity scores above "
        "the minimum {min_score:.2f}"
    ),
    "circle_not_opened": (
        "the circles of compatible mentors were full or did not reach their minimum size"
    ),
    "no_acceptable_peer": "every other person is excluded by a hard rule or scores too low",
    "compatible_peers_taken": "every compatible peer was paired with someone else",
    "not_selected": (
        "compatible mentors had free capacity, but giving them to other mentees made "
        "the better overall matching"
    ),
    "unknown": "not matched ({code})",
}
#: Solver codes that the score row cannot reveal, so they are reported as given.
_KEPT_CODES = frozenset({"circle_not_opened", "no_acceptable_peer", "compatible_peers_taken"})
STRONG_TEXT, SOME_TEXT = 0.3, 0.1
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Reason:
    """One criterion's part in a pair's score."""

    criterion: str
    contribution: float
    detail: str


@dataclass(frozen=True)
class PairExplanation:
    """A proposed pair, its score and its reasons, largest contribution first."""

    mentee: int
    mentor: int
    score: float
    reasons: tuple[Reason, ...]

    def summary(self, separator: str = "; ") -> str:
        """The sentences of the criteria that added to the score."""
        return separator.join(r.detail for r in self.reasons if r.contribution > 0)


@dataclass(frozen=True)
class UnmatchedReason:
    """Why mentee ``mentee`` has no mentor."""

    mentee: int
    code: str
    detail: str


def _count_word(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _intersections(matrix: Any, other: Any, rows: IntArray, cols: IntArray) -> Any:
    """Row ``k``: the columns set in both ``matrix[rows[k]]`` and ``other[cols[k]]``."""
    a = sp.csr_array(matrix[rows], dtype=np.int8, copy=True)
    b = sp.csr_array(other[cols], dtype=np.int8, copy=True)
    a.data[:], b.data[:] = 1, 1
    shared = sp.csr_array(a.multiply(b))
    shared.sort_indices()
    return shared


class _Describer:
    """Builds the sentence of each criterion for one pair.

    With the batch of pairs given, the shared skills, languages and interests of every pair
    come from one element-wise product per feature (``k``: the pair being described).
    """

    def __init__(
        self,
        scores: FeatureScores,
        mentees: IntArray | None = None,
        mentors: IntArray | None = None,
    ) -> None:
        self.s = scores
        self.f = scores.features
        self.vocab = scores.features.vocabulary
        self.k = 0
        self._shared: dict[int, Any] = {}
        if mentees is not None and mentors is not None and len(mentees):
            e, m = self.f.mentees, self.f.mentors
            features = [(e.skills, m.skills), (e.languages, m.languages)]
            features.append((e.interests, m.interests))
            for mine, theirs in features:
                self._shared[id(mine)] = _intersections(mine, theirs, mentees, mentors)

    def _names(self, matrix: Any, i: int, other: Any, j: int, vocab: Sequence[str]) -> list[str]:
        shared = self._shared.get(id(matrix))
        if shared is not None:
            found = shared.indices[shared.indptr[self.k] : shared.indptr[self.k + 1]]
            return [vocab[c] for c in found.tolist()]
        mine = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
        theirs = set(other.indices[other.indptr[j] : other.indptr[j + 1]].tolist())
        return [vocab[k] for k in sorted(mine.tolist()) if k in theirs]

    def skills(self, i: int, j: int, value: float) -> str:
        wanted = self.f.mentees.skills
        total = int(wanted.indptr[i + 1] - wanted.indptr[i])
        names = self._names(wanted, i, self.f.mentors.skills, j, self.vocab.skills)
        if total == 0:
            return PAIR_TEMPLATES["skills_unknown"]
        if not names:
            return PAIR_TEMPLATES["skills_none"].format(total=total)
        return PAIR_TEMPLATES["skills"].format(n=len(names), total=total, names=", ".join(names))

    def goals_text(self, i: int, j: int, value: float) -> str:
        if value >= STRONG_TEXT:
            return PAIR_TEMPLATES["goals_text_strong"]
        return PAIR_TEMPLATES["goals_text_some" if value >= SOME_TEXT else "goals_text_weak"]

    def seniority(self, i: int, j: int, value: float) -> str:
        gap = self.f.mentors.levels[j] - self.f.mentees.levels[i]
        if np.isnan(gap):
            return PAIR_TEMPLATES["seniority_unknown"]
        if gap == 0:
            return PAIR_TEMPLATES["seniority_same"]
        n = abs(gap)
        count = _count_word(int(n)) if float(n).is_integer() else f"{n:g}"
        key = "seniority_more" if gap > 0 else "seniority_less"
        return PAIR_TEMPLATES[key].format(n=count, levels="level" if n == 1 else "levels")

    def department(self, i: int, j: int, value: float) -> str:
        a, b = self.f.mentees.departments[i], self.f.mentors.departments[j]
        if a < 0 or b < 0:
            return PAIR_TEMPLATES["department_unknown"]
        key = "department_same" if a == b else "department_different"
        return PAIR_TEMPLATES[key].format(department=self.vocab.departments[b])

    def time_zone(self, i: int, j: int, value: float) -> str:
        if np.isnan(self.f.mentees.utc_offsets[i]) or np.isnan(self.f.mentors.utc_offsets[j]):
            return PAIR_TEMPLATES["time_zone_unknown"]
        start, end = self.s.config.work_hours
        hours = value * (end - start)  # the criterion is the overlap over the day's length
        rounded = round(hours * 2) / 2
        if rounded <= 0:
            return PAIR_TEMPLATES["time_zone_none"]
        unit = "hour" if rounded == 1 else "hours"
        return PAIR_TEMPLATES["time_zone"].format(hours=f"{rounded:g} {unit}")

    def language(self, i: int, j: int, value: float) -> str:
        e, m = self.f.mentees.languages, self.f.mentors.languages
        if e.indptr[i] == e.indptr[i + 1] or m.indptr[j] == m.indptr[j + 1]:
            return PAIR_TEMPLATES["language_unknown"]
        names = self._names(e, i, m, j, self.vocab.languages)
        if not names:
            return PAIR_TEMPLATES["language_none"]
        return PAIR_TEMPLATES["language"].format(names=_join(names))

    def format(self, i: int, j: int, value: float) -> str:
        a, b = int(self.f.mentees.formats[i]), int(self.f.mentors.formats[j])
        if a == b and a != FORMAT_EITHER:
            return PAIR_TEMPLATES["format_same"].format(format=FORMAT_LABELS[a])
        if value > 0:
            return PAIR_TEMPLATES["format_ok"]
        return PAIR_TEMPLATES["format_conflict"].format(
            mentor_format=FORMAT_LABELS[b], mentee_format=FORMAT_LABELS[a]
        )

    def interests(self, i: int, j: int, value: float) -> str:
        names = self._names(
            self.f.mentees.interests, i, self.f.mentors.interests, j, self.vocab.interests
        )
        if not names:
            return PAIR_TEMPLATES["interests_none"]
        noun = "interest" if len(names) == 1 else "interests"
        return PAIR_TEMPLATES["interests"].format(n=len(names), noun=noun, names=", ".join(names))

    def requested(self, i: int, j: int, value: float) -> str:
        return PAIR_TEMPLATES["requested" if value > 0 else "requested_none"]


def explain_pairs(
    scores: FeatureScores, mentees: Sequence[int] | IntArray, mentors: Sequence[int] | IntArray
) -> list[PairExplanation]:
    """Explain the pairs ``(mentees[k], mentors[k])``.

    Returns
    -------
    list of PairExplanation
        In input order; each pair's reasons sorted by contribution, largest first, and
        adding up to its score (NaN score for a forbidden pair).
    """
    e = np.asarray(mentees, dtype=np.int64)
    m = np.asarray(mentors, dtype=np.int64)
    values = scores.criteria(PairSelection.pairs(e, m))
    pair_scores = scores.pair_scores(e, m)
    total = sum(scores.weights.values())
    describe = _Describer(scores, e, m)
    explanations = []
    for k, (i, j) in enumerate(zip(e.tolist(), m.tolist(), strict=True)):
        describe.k = k
        reasons = [
            Reason(
                criterion=name,
                contribution=float(weight * values[name][k] / total),
                detail=getattr(describe, name)(i, j, float(values[name][k])),
            )
            for name, weight in scores.weights.items()
        ]
        reasons.sort(key=lambda r: -r.contribution)
        explanations.append(PairExplanation(i, j, float(pair_scores[k]), tuple(reasons)))
    return explanations


def _codes_by_mentee(codes: Sequence[str | None] | Mapping[int, str] | None) -> dict[int, str]:
    if codes is None:
        return {}
    if isinstance(codes, Mapping):
        return {int(k): v for k, v in codes.items() if v}
    return {i: c for i, c in enumerate(codes) if c}


def _rows(scores: Any, indices: IntArray) -> FloatArray:
    if isinstance(scores, FeatureScores):
        return np.asarray(scores.rows(indices), dtype=np.float64)
    n_mentors = scores.shape[1]
    rows = [np.asarray(scores.block(i, i + 1), dtype=np.float64) for i in indices.tolist()]
    return np.vstack(rows) if rows else np.empty((0, n_mentors))


def _excluded_detail(scores: Any, i: int) -> tuple[str, str]:
    if not isinstance(scores, FeatureScores):
        return "excluded_by_hard_rules", UNMATCHED_TEMPLATES["excluded_by_hard_rules"].format(
            rules="management chain, level gap, avoid list, eligibility"
        )
    if not scores.features.mentees.eligible[i]:
        return "mentee_ineligible", UNMATCHED_TEMPLATES["mentee_ineligible"]
    masks = scores.constraints.masks(PairSelection.block(i, i + 1))
    fired = [RULE_LABELS[name] for name, mask in masks.items() if mask.any()]
    text = UNMATCHED_TEMPLATES["excluded_by_hard_rules"].format(rules=", ".join(fired))
    return "excluded_by_hard_rules", text


def _classify(
    scores: Any, i: int, row: FloatArray, free: IntArray, min_score: float
) -> tuple[str, str]:
    if row.size == 0:
        return "no_mentors", UNMATCHED_TEMPLATES["no_mentors"]
    allowed = ~np.isnan(row)
    if not allowed.any():
        return _excluded_detail(scores, i)
    acceptable = allowed & (np.nan_to_num(row, nan=-1.0) >= min_score)
    if not acceptable.any():
        best = float(np.nanmax(row))
        text = UNMATCHED_TEMPLATES["no_acceptable_mentor"].format(min_score=min_score, best=best)
        return "no_acceptable_mentor", text
    if not (free[acceptable] > 0).any():
        key = "compatible_mentors_full_min" if min_score > 0 else "compatible_mentors_full"
        return "compatible_mentors_full", UNMATCHED_TEMPLATES[key].format(min_score=min_score)
    return "not_selected", UNMATCHED_TEMPLATES["not_selected"]


def explain_unmatched(
    scores: Any,
    assignment: Sequence[int] | IntArray,
    capacities: Sequence[int] | IntArray,
    min_score: float = 0.0,
    codes: Sequence[str | None] | Mapping[int, str] | None = None,
) -> list[UnmatchedReason]:
    """Explain every mentee with ``assignment == -1``.

    Parameters
    ----------
    scores : FeatureScores or any ScoreSource
        Rows are recomputed for unmatched mentees only. With a ``FeatureScores`` the
        hard rules that fired are named.
    assignment, capacities, min_score
        The solved problem.
    codes : mapping or sequence, optional
        ``MatchResult.unmatched_reasons``. Codes the score row cannot reveal
        (``circle_not_opened``, the peer codes) are kept; the mentor codes are re-derived
        from the row and every mentor's final load, which also tells hard-rule exclusions
        and ineligibility apart from low scores. Unknown codes are reported as such.
    """
    a = np.asarray(assignment, dtype=np.int64)
    caps = np.asarray(capacities, dtype=np.int64)
    free = caps - np.bincount(a[a >= 0], minlength=len(caps))
    given = _codes_by_mentee(codes)
    unmatched = np.flatnonzero(a < 0)
    rows = _rows(scores, unmatched)
    out = []
    for i, row in zip(unmatched.tolist(), rows, strict=True):
        code = given.get(i)
        if code in _KEPT_CODES:
            out.append(UnmatchedReason(i, code, UNMATCHED_TEMPLATES[code]))
            continue
        derived, text = _classify(scores, i, row, free, min_score)
        if code and code not in UNMATCHED_TEMPLATES and code != "no_acceptable_mentor":
            derived, text = code, UNMATCHED_TEMPLATES["unknown"].format(code=code)
        out.append(UnmatchedReason(i, derived, text))
    return out
