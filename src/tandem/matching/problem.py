"""Problem and result types shared by every solver of the matching engine.

A problem is a score matrix (or a :class:`ScoreSource` computing it block by block) plus
mentor capacities; a result is an assignment array plus the figures a caller needs to
trust it (``certified_optimal``) and explain it (``unmatched_reasons``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tandem.matching.errors import InvalidProblem

__all__ = [
    "CIRCLE_NOT_OPENED",
    "COMPATIBLE_MENTORS_FULL",
    "COMPATIBLE_PEERS_TAKEN",
    "NOT_SELECTED",
    "NO_ACCEPTABLE_MENTOR",
    "NO_ACCEPTABLE_PEER",
    "UNMATCHED_REASONS",
    "DenseScoreSource",
    "MatchResult",
    "MatchingProblem",
    "ScoreSource",
    "as_score_source",
    "validate_score_block",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NO_ACCEPTABLE_MENTOR = "no_acceptable_mentor"
COMPATIBLE_MENTORS_FULL = "compatible_mentors_full"
NOT_SELECTED = "not_selected"
CIRCLE_NOT_OPENED = "circle_not_opened"
NO_ACCEPTABLE_PEER = "no_acceptable_peer"
COMPATIBLE_PEERS_TAKEN = "compatible_peers_taken"

#: Machine-readable codes in :attr:`MatchResult.unmatched_reasons`, with their meaning.
#: ``tandem.matching.explain`` turns them into sentences for people.
UNMATCHED_REASONS: Mapping[str, str] = MappingProxyType(
    {
        NO_ACCEPTABLE_MENTOR: (
            "every mentor with a free seat is forbidden for this mentee or scores below "
            "min_score (or no mentor has any capacity)"
        ),
        COMPATIBLE_MENTORS_FULL: (
            "the mentee had acceptable mentors, but all their seats went to other mentees "
            "(stable matching: every acceptable mentor preferred the mentees it holds)"
        ),
        NOT_SELECTED: (
            "an acceptable mentor still has a free seat, but leaving the mentee out scores at "
            "least as well (score-only objective with zero-score pairs, a stable matching's "
            "truncated list, or an uncertified result)"
        ),
        CIRCLE_NOT_OPENED: (
            "an acceptable mentor's circle was not opened (too few mentees for min_size) and "
            "every opened acceptable circle is full"
        ),
        NO_ACCEPTABLE_PEER: "every other person is forbidden or scores below min_score",
        COMPATIBLE_PEERS_TAKEN: "acceptable peers exist, but all of them were paired with others",
    }
)


@runtime_checkable
class ScoreSource(Protocol):
    """Scores computed on demand, for cohorts too large for a dense matrix.

    Implement ``shape`` and ``block``; the engine reads rows in blocks and never keeps the
    whole matrix. ``block`` must be deterministic: the same rows give the same values.

    Examples
    --------
    >>> import numpy as np
    >>> class Constant:
    ...     shape = (3, 2)
    ...     def block(self, start: int, stop: int) -> np.ndarray:
    ...         return np.full((stop - start, 2), 0.5)
    >>> isinstance(Constant(), ScoreSource)
    True
    """

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``."""
        ...

    def block(self, start: int, stop: int) -> NDArray[np.floating]:
        """Scores of mentees ``start..stop-1`` against all mentors, shape ``(stop-start, m)``.

        Values lie in [0, 1]; NaN marks a forbidden pair.
        """
        ...


class DenseScoreSource:
    """Adapts a dense ``(n_mentees, n_mentors)`` array to :class:`ScoreSource`.

    Examples
    --------
    >>> import numpy as np
    >>> source = DenseScoreSource(np.array([[0.1, 0.9], [0.4, 0.2]]))
    >>> source.shape
    (2, 2)
    >>> source.block(1, 2).tolist()
    [[0.4, 0.2]]
    """

    def __init__(self, scores: ArrayLike) -> None:
        array = np.asarray(scores, dtype=np.float64)
        if array.ndim != 2:
            raise InvalidProblem(f"scores must be 2-dimensional, got shape {array.shape}")
        self.array: FloatArray = array

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``."""
        rows, cols = self.array.shape
        return int(rows), int(cols)

    def block(self, start: int, stop: int) -> FloatArray:
        """Rows ``start..stop-1`` (a view, never a copy)."""
        return self.array[start:stop]


def as_score_source(scores: FloatArray | ScoreSource) -> ScoreSource:
    """Return ``scores`` as a :class:`ScoreSource` (wrapping dense arrays)."""
    if isinstance(scores, np.ndarray):
        return DenseScoreSource(scores)
    return scores


def validate_score_block(block: NDArray[np.floating], expected: tuple[int, int]) -> None:
    """Raise :class:`InvalidProblem` unless ``block`` has ``expected`` shape and values in [0, 1].

    NaN (a forbidden pair) is allowed; infinities are not.
    """
    if block.shape != expected:
        raise InvalidProblem(f"score block has shape {block.shape}, expected {expected}")
    if block.size == 0:
        return
    low = float(np.fmin.reduce(block, axis=None))
    high = float(np.fmax.reduce(block, axis=None))
    if low < 0.0 or high > 1.0:
        raise InvalidProblem(
            f"scores must lie in [0, 1] (NaN = forbidden), found values in [{low}, {high}]"
        )


def _validate_capacities(capacities: ArrayLike, n_mentors: int) -> IntArray:
    array = np.asarray(capacities)
    if array.ndim != 1 or array.shape[0] != n_mentors:
        raise InvalidProblem(
            f"capacities has shape {array.shape} but scores has {n_mentors} mentors; "
            f"expected shape ({n_mentors},)"
        )
    if array.dtype == np.bool_ or not np.issubdtype(array.dtype, np.number):
        raise InvalidProblem(f"capacities must be integers, got dtype {array.dtype}")
    if array.size and not np.all(np.isfinite(array)):
        raise InvalidProblem("capacities must be finite integers")
    as_int = array.astype(np.int64)
    if not np.array_equal(as_int, array):
        raise InvalidProblem("capacities must be whole numbers")
    if array.size and int(as_int.min()) < 0:
        raise InvalidProblem(f"capacities must be >= 0, found {int(as_int.min())}")
    return as_int


def _validate_scores(scores: object) -> FloatArray | ScoreSource:
    if isinstance(scores, ScoreSource) and not isinstance(scores, np.ndarray):
        shape = tuple(scores.shape)
        if len(shape) != 2 or any(not isinstance(s, int | np.integer) or s < 0 for s in shape):
            raise InvalidProblem(f"ScoreSource.shape must be (n_mentees, n_mentors), got {shape}")
        return scores
    try:
        array = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidProblem(f"scores must be a numeric array or a ScoreSource: {error}") from None
    if array.ndim != 2:
        raise InvalidProblem(
            f"scores must be 2-dimensional (n_mentees, n_mentors), got shape {array.shape}"
        )
    validate_score_block(array, array.shape)
    return array


@dataclass(frozen=True)
class MatchingProblem:
    """A mentee-to-mentor matching problem.

    Parameters
    ----------
    scores : ndarray of shape (n_mentees, n_mentors) or ScoreSource
        Pair scores in [0, 1]; NaN marks a forbidden pair.
    capacities : array of int, shape (n_mentors,)
        How many mentees each mentor takes (>= 0).
    min_score : float, default 0.0
        Pairs scoring below this are never proposed.

    Raises
    ------
    InvalidProblem
        If a shape or value is malformed; the message names it.

    Examples
    --------
    >>> import numpy as np
    >>> problem = MatchingProblem(np.array([[0.9, 0.1], [0.8, 0.7]]), [1, 1])
    >>> problem.shape
    (2, 2)
    >>> MatchingProblem(np.ones((2, 2)), [1, -1])
    Traceback (most recent call last):
    ...
    tandem.matching.errors.InvalidProblem: capacities must be >= 0, found -1
    """

    scores: FloatArray | ScoreSource
    capacities: IntArray
    min_score: float = 0.0

    def __post_init__(self) -> None:
        scores = _validate_scores(self.scores)
        object.__setattr__(self, "scores", scores)
        n_mentors = int(scores.shape[1])
        object.__setattr__(self, "capacities", _validate_capacities(self.capacities, n_mentors))
        min_score = float(self.min_score)
        if not 0.0 <= min_score <= 1.0:
            raise InvalidProblem(f"min_score must lie in [0, 1], got {self.min_score!r}")
        object.__setattr__(self, "min_score", min_score)

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_mentees, n_mentors)``."""
        rows, cols = self.scores.shape
        return int(rows), int(cols)

    @property
    def source(self) -> ScoreSource:
        """The scores as a :class:`ScoreSource` (dense arrays are wrapped, not copied)."""
        return as_score_source(self.scores)


@dataclass(frozen=True)
class MatchResult:
    """The outcome of a solver.

    Attributes
    ----------
    assignment : ndarray of int64, shape (n_mentees,)
        Mentor index per mentee (``pair_peers``: partner index), or -1 when unmatched.
    total_score : float
        Sum of the scores of the matched pairs (``pair_peers``: each pair counted once).
    matched : int
        Number of matched mentees (``pair_peers``: matched people, twice the pairs).
    certified_optimal : bool
        True only when optimality is proven (see each solver for what is proven).
    seconds : float
        Wall time of the solve.
    unmatched_reasons : Mapping[int, str]
        For every unmatched mentee index, a code from :data:`UNMATCHED_REASONS`.
    rounds : int
        Solve rounds (``solve_optimal``: sparse solves until the dual check passed;
        stable: proposal count).
    n_candidate_pairs : int
        Pairs in the final model (candidate graph edges).
    opened : ndarray of bool or None
        ``form_circles`` only: which mentors' circles are opened.
    method : str
        Which algorithm produced the result, for logs and benchmarks.
    """

    assignment: IntArray
    total_score: float
    matched: int
    certified_optimal: bool
    seconds: float
    unmatched_reasons: Mapping[int, str] = field(default_factory=dict)
    rounds: int = 0
    n_candidate_pairs: int = 0
    opened: NDArray[np.bool_] | None = None
    method: str = ""
