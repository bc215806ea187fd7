"""Plain feature arrays that the scoring functions consume.

The web app (``tandem.matchmaking.translate``) and the ``tandem match-file`` CLI describe
each participant with a :class:`PersonRecord` of plain Python values and call
:func:`build_features`, which turns both sides into :class:`MatchingFeatures`: numpy
arrays and ``scipy.sparse`` matrices, one row per person, plus the vocabularies needed to
name skills, languages and interests in explanations.

Examples
--------
>>> mentee = PersonRecord(id=1, level=2, skills={"SQL": 1}, languages={"Spanish"})
>>> mentor = PersonRecord(id=2, level=4, skills={"sql": 4}, languages={"spanish"})
>>> features = build_features([mentee], [mentor])
>>> features.vocabulary.skills
('SQL',)
>>> features.mentors.skills.toarray().tolist()
[[4.0]]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]
BoolArray: TypeAlias = NDArray[np.bool_]
Matrix: TypeAlias = Any  # a scipy.sparse csr_array or a dense 2-D float ndarray

FORMAT_EITHER, FORMAT_VIRTUAL, FORMAT_IN_PERSON = 0, 1, 2
FORMAT_CODES: Mapping[str, int] = {
    "either": FORMAT_EITHER,
    "": FORMAT_EITHER,
    "virtual": FORMAT_VIRTUAL,
    "in_person": FORMAT_IN_PERSON,
}
FORMAT_LABELS = ("either", "virtual", "in-person")
DEFAULT_EXPERTISE_LEVEL = 3
_FIXED_OFFSET = re.compile(
    r"^(?:UTC|GMT)\s*(?P<sign>[+-])(?P<hours>1[0-4]|0?\d)(?::?(?P<minutes>[0-5]\d))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PersonRecord:
    """One participant, as plain Python values.

    Parameters
    ----------
    id : int
        A person id shared by both sides (a person who mentors and is mentored keeps one id).
    level : float or None
        Job level; larger is more senior. ``None`` when unknown.
    department : str or None
        Department name.
    time_zone : str or None
        IANA time zone name, e.g. ``"Europe/Paris"``.
    languages, interests : collection of str
        Spoken languages; interests outside work.
    meeting_format : str
        ``"virtual"``, ``"in_person"`` or ``"either"``.
    skills : mapping of str to int
        Mentee: the skills to develop (the value is ignored). Mentor: expertise with its
        level 1-5.
    text : str
        Mentee: career goals. Mentor: bio and expertise.
    management_chain : collection of int
        Ids of every manager above this person, nearest first.
    eligible : bool
        False excludes the person from every pair.
    """

    id: int
    level: float | None = None
    department: str | None = None
    time_zone: str | None = None
    languages: Collection[str] = ()
    meeting_format: str = "either"
    interests: Collection[str] = ()
    skills: Mapping[str, int] = field(default_factory=dict)
    text: str = ""
    management_chain: Collection[int] = ()
    eligible: bool = True


@dataclass(frozen=True, eq=False)
class Participants:
    """Feature arrays of one side; row ``i`` describes person ``i``.

    ``skills`` holds 1 for a mentee's wanted skill and the level 1-5 for a mentor's
    expertise. ``languages``/``interests`` are 0/1 ``(n, vocabulary)`` sparse matrices.
    Unknown values: ``levels``/``utc_offsets`` NaN, ``departments`` -1.
    """

    ids: IntArray
    levels: FloatArray
    departments: IntArray
    utc_offsets: FloatArray
    languages: Matrix
    formats: IntArray
    interests: Matrix
    skills: Matrix
    texts: tuple[str, ...]
    chains: tuple[tuple[int, ...], ...]
    eligible: BoolArray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Vocabulary:
    """Display names for the columns of the sparse feature matrices."""

    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class MatchingFeatures:
    """Both sides plus pair-level inputs.

    ``requested`` and ``avoided`` are 0/1 sparse ``(n_mentees, n_mentors)`` matrices: the
    mentee asked for this mentor, or asked never to be paired with them.
    """

    mentees: Participants
    mentors: Participants
    requested: Matrix
    avoided: Matrix
    vocabulary: Vocabulary

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``."""
        return (len(self.mentees), len(self.mentors))


class _Vocab:
    """Case-insensitive name → column index, keeping the first spelling seen."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, name: str) -> int:
        key = " ".join(name.split()).casefold()
        if key not in self.index:
            self.index[key] = len(self.names)
            self.names.append(" ".join(name.split()))
        return self.index[key]


def _sparse_rows(rows: Sequence[Mapping[int, float]], n_cols: int) -> Matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((v for r in rows for v in r.values()), dtype=np.float64, count=len(indices))
    return sp.csr_array((data, indices, indptr), shape=(len(rows), n_cols))


def utc_offset_hours(time_zone: str | None, at: datetime | None = None) -> float:
    """UTC offset in hours of a zone at instant ``at`` (default now); NaN if unknown.

    ``time_zone`` is an IANA name or a fixed offset such as ``"UTC+05:30"``.

    >>> utc_offset_hours("Asia/Kolkata", datetime(2025, 1, 1, tzinfo=UTC))
    5.5
    >>> utc_offset_hours("GMT-3")
    -3.0
    """
    if not time_zone:
        return float("nan")
    fixed = _FIXED_OFFSET.match(time_zone.strip())
    if fixed:
        sign = -1.0 if fixed["sign"] == "-" else 1.0
        return sign * (int(fixed["hours"]) + int(fixed["minutes"] or 0) / 60.0)
    try:
        zone = ZoneInfo(time_zone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return float("nan")
    offset = (at or datetime.now(tz=UTC)).astimezone(zone).utcoffset()
    return float("nan") if offset is None else offset.total_seconds() / 3600.0


def _side(
    people: Sequence[PersonRecord], vocab: dict[str, _Vocab], mentor: bool, at: datetime | None
) -> tuple[dict[str, Any], dict[str, list[dict[int, float]]]]:
    """Dense columns of one side, and its sparse rows as dicts (vocabulary still growing)."""
    offsets: dict[str, float] = {}
    for p in people:
        if (p.time_zone or "") not in offsets:
            offsets[p.time_zone or ""] = utc_offset_hours(p.time_zone, at)
    sparse_rows = {
        "skills": [
            {vocab["skills"].code(k): float(v) if mentor else 1.0 for k, v in p.skills.items()}
            for p in people
        ],
        "languages": [{vocab["languages"].code(x): 1.0 for x in p.languages} for p in people],
        "interests": [{vocab["interests"].code(x): 1.0 for x in p.interests} for p in people],
    }
    dense = {
        "ids": np.array([p.id for p in people], dtype=np.int64),
        "levels": np.array([np.nan if p.level is None else p.level for p in people], dtype=float),
        "departments": np.array(
            [vocab["departments"].code(p.department) if p.department else -1 for p in people],
            dtype=np.int64,
        ),
        "utc_offsets": np.array([offsets[p.time_zone or ""] for p in people], dtype=np.float64),
        "formats": np.array([FORMAT_CODES[p.meeting_format] for p in people], dtype=np.int64),
        "texts": tuple(p.text for p in people),
        "chains": tuple(tuple(p.management_chain) for p in people),
        "eligible": np.array([p.eligible for p in people], dtype=np.bool_),
    }
    return dense, sparse_rows


def pair_matrix(pairs: Mapping[int, Iterable[int]] | None, shape: tuple[int, int]) -> Matrix:
    """0/1 sparse ``shape`` matrix with a 1 at ``(i, j)`` for every ``j`` in ``pairs[i]``."""
    rows = [{int(j): 1.0 for j in (pairs or {}).get(i, ())} for i in range(shape[0])]
    return _sparse_rows(rows, shape[1])


def build_features(
    mentees: Sequence[PersonRecord],
    mentors: Sequence[PersonRecord],
    requested: Mapping[int, Iterable[int]] | None = None,
    avoided: Mapping[int, Iterable[int]] | None = None,
    at: datetime | None = None,
) -> MatchingFeatures:
    """Turn both sides' records into feature arrays.

    Parameters
    ----------
    mentees, mentors : sequence of PersonRecord
    requested, avoided : mapping of mentee index to mentor indices, optional
    at : datetime, optional
        Instant at which time-zone offsets are taken (daylight saving); default now.

    Raises
    ------
    KeyError
        If a ``meeting_format`` is not one of ``FORMAT_CODES``.
    """
    vocab = {k: _Vocab() for k in ("skills", "languages", "interests", "departments")}
    sides = [_side(mentees, vocab, False, at), _side(mentors, vocab, True, at)]
    built = [
        Participants(
            **dense,
            **{k: _sparse_rows(r, len(vocab[k].names)) for k, r in sparse_rows.items()},
        )
        for dense, sparse_rows in sides
    ]
    shape = (len(mentees), len(mentors))
    return MatchingFeatures(
        mentees=built[0],
        mentors=built[1],
        requested=pair_matrix(requested, shape),
        avoided=pair_matrix(avoided, shape),
        vocabulary=Vocabulary(**{k: tuple(v.names) for k, v in vocab.items()}),
    )


def management_chains(
    ids: Sequence[int], manager_ids: Sequence[int | None]
) -> list[tuple[int, ...]]:
    """Each person's chain of managers, nearest first, from a parent array.

    A manager that is not itself in ``ids`` ends the chain; cycles are cut.

    >>> management_chains([1, 2, 3], [None, 1, 2])
    [(), (1,), (2, 1)]
    """
    parent = dict(zip(ids, manager_ids, strict=True))
    chains: list[tuple[int, ...]] = []
    for person in ids:
        chain: list[int] = []
        seen = {person}
        boss = parent.get(person)
        while boss is not None and boss not in seen:
            chain.append(boss)
            seen.add(boss)
            boss = parent.get(boss)
        chains.append(tuple(chain))
    return chains


class PairSelection:
    """Which (mentee, mentor) pairs a computation covers, and how to broadcast over them.

    A *block* covers mentee rows ``rows`` against every mentor and yields
    ``(len(rows), n_mentors)`` arrays; a *paired* selection covers the pairs
    ``(rows[k], cols[k])`` and yields 1-D arrays. Criteria are written once against this
    interface and serve both the score matrix and the explanations of chosen pairs.
    """

    def __init__(self, rows: slice | IntArray, cols: IntArray | None, paired: bool) -> None:
        self.rows, self.cols, self.paired = rows, cols, paired

    @classmethod
    def block(cls, start: int, stop: int) -> PairSelection:
        """Mentees ``start..stop-1`` against all mentors."""
        return cls(slice(start, stop), None, paired=False)

    @classmethod
    def pairs(cls, mentees: IntArray, mentors: IntArray) -> PairSelection:
        """The pairs ``(mentees[k], mentors[k])``."""
        return cls(np.asarray(mentees, dtype=np.int64), np.asarray(mentors, np.int64), True)

    def _right_rows(self, values: Any) -> Any:
        return values if self.cols is None else values[self.cols]

    def left(self, values: NDArray[Any]) -> NDArray[Any]:
        """Per-mentee values, shaped to broadcast against :meth:`right`."""
        selected = values[self.rows]
        return selected if self.paired else selected[:, None]

    def right(self, values: NDArray[Any]) -> NDArray[Any]:
        """Per-mentor values, shaped to broadcast against :meth:`left`."""
        selected: NDArray[Any] = self._right_rows(values)
        return selected if self.paired else selected[None, :]

    def dot(self, mentee_rows: Matrix, mentor_rows: Matrix) -> FloatArray:
        """Row dot products of two matrices (sparse or dense) sharing their columns."""
        a, b = mentee_rows[self.rows], self._right_rows(mentor_rows)
        if self.paired:
            if sp.issparse(a):
                return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()
            return np.asarray(np.einsum("ij,ij->i", a, b), dtype=np.float64)
        product = a @ b.T
        dense = product.toarray() if sp.issparse(product) else product
        return np.asarray(dense, dtype=np.float64)

    def lookup(self, pair_values: Matrix) -> FloatArray:
        """Values of a sparse ``(n_mentees, n_mentors)`` matrix at the selected pairs."""
        if self.paired:
            picked = pair_values[self.rows, self.cols]
            if sp.issparse(picked):  # scipy returns a sparse result for empty selections
                picked = picked.toarray()
            return np.asarray(picked, dtype=np.float64).ravel()
        return np.asarray(pair_values[self.rows].toarray(), dtype=np.float64)
