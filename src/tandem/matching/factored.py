r"""Score blocks as linear algebra: one sparse-times-dense product plus cheap element-wise work.

:class:`FactoredScores` computes exactly the scores of :mod:`.scoring` (to float32
rounding, below 1e-6) without evaluating criteria one by one. Every criterion that is a
function of a few distinct values, or a sum over shared features, becomes columns of one
sparse mentee matrix :math:`L` (``n × K``, float32) and rows of one dense mentor matrix
:math:`R` (``K × m``), scaled by the criterion's share :math:`w_c / \sum w`:

=============  ==============================================================================
criterion      columns of :math:`L` (mentee) · rows of :math:`R` (mentor)
=============  ==============================================================================
skills         wanted skill (1 / number wanted) · ``0.5 + level/10`` of that skill
goals_text     TF-IDF weight of a term (terms used by both sides) · the mentor's weight
seniority      one-hot of the mentee's level · the table ``value(level, mentor level)``;
               the level-gap rule adds ``-10⁴`` to forbidden cells (→ NaN)
department,    one-hot of the mentee's distinct value · the criterion's table column of the
time_zone,     mentor's distinct value (time zones: UTC offsets; language: the set of
format,        languages spoken)
language
=============  ==============================================================================

so a block is ``L[rows] @ R`` — about 25 multiply-adds per pair — followed, in chunks that
stay in cache, by the two criteria that are not sums: interests' Jaccard index
(``shared / (|A| + |B| - shared)`` from one more product and the row counts), and
``requested`` (a sparse add). Hard rules are masks: the level gap inside the table, the
same person, management chains and avoid lists as one sparse ``(n, m)`` matrix built once,
eligibility as row and column masks.

A criterion that cannot be tabulated (more than ``_TABLE_MAX`` distinct values), text
vectors that are dense or signed (embeddings: the clip at 0 is not linear), or a dense
:math:`R` part over the memory budget fall back to the reference definition for that part
only, computed chunk by chunk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from tandem.matching.features import FloatArray, IntArray, Matrix, PairSelection

if TYPE_CHECKING:
    from tandem.matching.scoring import FeatureScores

PENALTY = -1.0e4  #: added to a forbidden cell; any sum below ``-0.5`` becomes NaN
CHUNK_BYTES = 4 << 20  #: rows per chunk so that a chunk of scores stays in cache
DENSE_BUDGET = 512 << 20  #: largest dense mentor part, in bytes
_TABLE_CRITERIA = ("seniority", "department", "time_zone", "format", "language")
THREADS = min(2, os.cpu_count() or 1)  #: chunks of one block computed at once


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    # scipy's sparse products and numpy's element-wise loops release the GIL, and each
    # chunk writes its own rows of the block: the result does not depend on the threads.
    return ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="tandem-scores")


F32 = np.float32
Float32Array: TypeAlias = NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class _Table:
    """``value(mentee code, mentor code)`` over each side's distinct values."""

    left: IntArray
    right: IntArray
    table: FloatArray


def _codes(values: FloatArray) -> tuple[FloatArray, IntArray]:
    unique, inverse = np.unique(values, return_inverse=True)
    return unique, inverse.ravel().astype(np.int64)


def _value_table(a: FloatArray, b: FloatArray, f: Callable[..., FloatArray]) -> _Table | None:
    from tandem.matching.scoring import _TABLE_MAX

    ua, ia = _codes(a)
    ub, ib = _codes(b)
    if len(ua) > _TABLE_MAX or len(ub) > _TABLE_MAX:
        return None
    return _Table(ia, ib, np.asarray(f(ua[:, None], ub[None, :]), dtype=np.float64))


def _row_sets(matrix: Matrix) -> tuple[Matrix, IntArray]:
    """Distinct rows of a 0/1 sparse matrix (as a sparse matrix) and each row's code."""
    csr = sp.csr_array(matrix)
    keys = [csr.indices[csr.indptr[i] : csr.indptr[i + 1]].tobytes() for i in range(csr.shape[0])]
    first: dict[bytes, int] = {}
    codes = np.fromiter((first.setdefault(k, len(first)) for k in keys), np.int64, len(keys))
    representatives = np.zeros(len(first), dtype=np.int64)
    representatives[codes[::-1]] = np.arange(len(codes))[::-1]
    return csr[representatives], codes


def _language_table(s: FeatureScores) -> _Table | None:
    from tandem.matching.scoring import _TABLE_MAX, NEUTRAL

    e_sets, ia = _row_sets(s.features.mentees.languages)
    m_sets, ib = _row_sets(s.features.mentors.languages)
    if e_sets.shape[0] > _TABLE_MAX or m_sets.shape[0] > _TABLE_MAX:
        return None
    shared = (e_sets @ m_sets.T).toarray() > 0
    known = (np.diff(e_sets.indptr) > 0)[:, None] & (np.diff(m_sets.indptr) > 0)[None, :]
    return _Table(ia, ib, np.where(known, shared.astype(np.float64), NEUTRAL))


def _table(s: FeatureScores, name: str) -> _Table | None:
    from tandem.matching import scoring

    e, m, config = s.features.mentees, s.features.mentors, s.config
    if name == "language":
        return _language_table(s)
    if name == "format":
        return _value_table(
            e.formats.astype(np.float64),
            m.formats.astype(np.float64),
            lambda a, b: scoring._format_value(a.astype(np.int64), b.astype(np.int64)),
        )
    columns = {
        "seniority": (e.levels, m.levels, scoring._seniority_value),
        "department": (
            e.departments.astype(np.float64),
            m.departments.astype(np.float64),
            scoring._department_value,
        ),
        "time_zone": (e.utc_offsets, m.utc_offsets, scoring._time_zone_value),
    }
    a, b, f = columns[name]
    return _value_table(a, b, lambda x, y: f(config, x, y))


def _level_gap_table(s: FeatureScores) -> _Table | None:
    rules = s.config.rules
    low, high = rules.min_level_gap, rules.max_level_gap

    def forbidden(a: FloatArray, b: FloatArray) -> FloatArray:
        gap = b - a
        with np.errstate(invalid="ignore"):
            bad = np.zeros(gap.shape, dtype=bool)
            if low is not None:
                bad |= gap < low
            if high is not None:
                bad |= gap > high
        return bad.astype(np.float64)

    return _value_table(s.features.mentees.levels, s.features.mentors.levels, forbidden)


def _one_hot(codes: IntArray, width: int) -> Matrix:
    n = len(codes)
    return sp.csr_array((np.ones(n, dtype=F32), codes, np.arange(n + 1)), shape=(n, width))


def _shared_columns(a: Matrix, b: Matrix) -> IntArray:
    """Columns with a nonzero on both sides: the only ones a product can use."""
    used_a = np.diff(sp.csc_array(a).indptr) > 0
    used_b = np.diff(sp.csc_array(b).indptr) > 0
    return np.flatnonzero(used_a & used_b)


class FactoredScores:
    """The factored form of a :class:`~tandem.matching.scoring.FeatureScores`.

    Parameters
    ----------
    scores : FeatureScores
        Supplies features, configuration, weights and precomputed vectors.
    """

    def __init__(self, scores: FeatureScores) -> None:
        self.s = scores
        self.shape = scores.shape
        n, m = self.shape
        total = sum(scores.weights.values())
        self.share = {name: w / total for name, w in scores.weights.items()}
        lefts: list[Matrix] = []
        rights: list[FloatArray] = []
        #: criteria computed by the reference definition, chunk by chunk
        self.fallback: list[str] = []
        self.text_product: tuple[Matrix, FloatArray | Matrix] | None = None
        self.level_gap_fallback = False
        self._add_skills(lefts, rights)
        self._add_text(lefts, rights)
        self._add_tables(lefts, rights)
        self.left = (
            sp.csr_array(sp.hstack(lefts, format="csr"), dtype=F32)
            if lefts
            else sp.csr_array((n, 0), dtype=F32)
        )
        self.right = np.ascontiguousarray(
            np.vstack(rights) if rights else np.zeros((0, m)), dtype=F32
        )
        self.interests: tuple[Matrix, FloatArray, FloatArray, FloatArray] | None = None
        if "interests" in self.share:
            self._prepare_interests()
        self.requested = self._pair_values(scores.features.requested)
        self.forbidden = self._forbidden_pairs()
        self.ineligible_mentees = ~scores.features.mentees.eligible
        self.ineligible_mentors = np.flatnonzero(~scores.features.mentors.eligible)
        self.chunk_rows = max(8, CHUNK_BYTES // (4 * max(m, 1)))

    # --- building ----------------------------------------------------------------------

    def _product_part(
        self, lefts: list[Matrix], rights: list[FloatArray], a: Matrix, b: Matrix, scale: float
    ) -> bool:
        """Add ``scale * a @ b.T`` to the product over shared columns; False if too big."""
        cols = _shared_columns(a, b)
        if len(cols) * self.shape[1] * 4 > DENSE_BUDGET:
            return False
        a_part = sp.csr_array(a)[:, cols] * scale
        b_part = sp.csr_array(b)[:, cols]
        lefts.append(sp.csr_array(a_part, dtype=F32))
        rights.append(np.asarray(b_part.T.toarray(), dtype=F32))
        return True

    def _add_skills(self, lefts: list[Matrix], rights: list[FloatArray]) -> None:
        if "skills" not in self.share:
            return
        f = self.s.features
        wanted = sp.csr_array(f.mentees.skills, dtype=np.float64, copy=True)
        wanted.data[:] = 1.0
        counts = np.diff(wanted.indptr).astype(np.float64)
        per_row = np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)
        wanted = sp.csr_array(sp.diags_array(per_row) @ wanted)
        expertise = sp.csr_array(f.mentors.skills, dtype=np.float64, copy=True)
        expertise.data = 0.5 + np.clip(expertise.data, 1, 5) / 10.0
        if not self._product_part(lefts, rights, wanted, expertise, self.share["skills"]):
            self.fallback.append("skills")

    def _add_text(self, lefts: list[Matrix], rights: list[FloatArray]) -> None:
        if "goals_text" not in self.share:
            return
        a, b = self.s._derived.mentee_text, self.s._derived.mentor_text
        linear = sp.issparse(a) and sp.issparse(b) and a.data.min(initial=0) >= 0
        linear = linear and b.data.min(initial=0) >= 0
        if linear and self._product_part(lefts, rights, a, b, self.share["goals_text"]):
            return  # non-negative vectors: the clip at 0 never acts, and cosine <= 1
        right = sp.csr_array(b.T) if sp.issparse(b) else np.asarray(b, dtype=F32).T.copy()
        self.text_product = (a, right)

    def _add_tables(self, lefts: list[Matrix], rights: list[FloatArray]) -> None:
        rules = self.s.config.rules
        for name in _TABLE_CRITERIA:
            if name not in self.share:
                continue
            table = _table(self.s, name)
            if table is None:
                self.fallback.append(name)
                continue
            self._add_table(lefts, rights, table, self.share[name])
        if rules.min_level_gap is not None or rules.max_level_gap is not None:
            gap = _level_gap_table(self.s)
            if gap is None:
                self.level_gap_fallback = True
            else:
                self._add_table(lefts, rights, gap, PENALTY)

    def _add_table(
        self, lefts: list[Matrix], rights: list[FloatArray], table: _Table, scale: float
    ) -> None:
        lefts.append(_one_hot(table.left, table.table.shape[0]))
        rights.append(np.asarray(table.table[:, table.right] * scale, dtype=F32))

    def _prepare_interests(self) -> None:
        f = self.s.features
        a = sp.csr_array(f.mentees.interests, dtype=F32)
        b = sp.csr_array(f.mentors.interests, dtype=F32)
        cols = _shared_columns(a, b)
        if len(cols) * self.shape[1] * 4 > DENSE_BUDGET:
            self.fallback.append("interests")
            return
        self.interests = (
            sp.csr_array(a[:, cols]),
            np.ascontiguousarray(b[:, cols].T.toarray(), dtype=F32),
            np.diff(a.indptr).astype(F32),
            np.diff(b.indptr).astype(F32),
        )

    def _pair_values(self, pairs: Matrix) -> Matrix | None:
        if "requested" not in self.share or pairs.nnz == 0:
            return None
        csr = sp.csr_array(pairs, dtype=F32, copy=True)
        csr.data = np.where(csr.data > 0, F32(self.share["requested"]), F32(0))
        csr.eliminate_zeros()
        return csr

    def _forbidden_pairs(self) -> Matrix:
        """Same person, management chain and avoid list as one sparse 0/1 matrix."""
        c = self.s.constraints
        f = self.s.features
        n, m = self.shape
        chain = c._mentee_chain @ c._mentor_self.T + c._mentee_self @ c._mentor_chain.T
        mentor_of = {int(pid): j for j, pid in enumerate(f.mentors.ids.tolist())}
        same = [
            (i, mentor_of[pid]) for i, pid in enumerate(f.mentees.ids.tolist()) if pid in mentor_of
        ]
        rows, cols = (
            (np.array(x, dtype=np.int64) for x in zip(*same, strict=True))
            if same
            else (
                np.zeros(0, np.int64),
                np.zeros(0, np.int64),
            )
        )
        same_person = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, m))
        avoided = sp.csr_array(f.avoided, dtype=np.float64)
        out = sp.csr_array(sp.csr_array(chain) + same_person + avoided)
        out.data = (out.data > 0).astype(np.int8)
        out.eliminate_zeros()
        return out

    # --- scoring -----------------------------------------------------------------------

    def block(self, start: int, stop: int) -> Float32Array:
        """Scores of mentees ``start..stop-1`` against every mentor (float32, NaN forbidden)."""
        return self.rows(np.arange(start, stop, dtype=np.int64))

    def rows(self, mentees: IntArray) -> Float32Array:
        """Scores of the given mentee rows against every mentor (float32, NaN forbidden)."""
        idx = np.asarray(mentees, dtype=np.int64)
        out = np.empty((len(idx), self.shape[1]), dtype=F32)
        contiguous = len(idx) > 0 and bool((np.diff(idx) == 1).all())
        jobs: list[tuple[slice | IntArray, IntArray, Float32Array]] = []
        for k in range(0, len(idx), self.chunk_rows):
            chunk = idx[k : k + self.chunk_rows]
            if contiguous:
                rows: slice | IntArray = slice(int(chunk[0]), int(chunk[-1]) + 1)
            else:
                rows = chunk
            jobs.append((rows, chunk, out[k : k + len(chunk)]))
        if THREADS > 1 and len(jobs) > 1:
            for done in _pool().map(lambda job: self._chunk(*job), jobs):
                del done
        else:
            for job in jobs:
                self._chunk(*job)
        return out

    def _chunk(self, rows: slice | IntArray, idx: IntArray, out: Float32Array) -> None:
        out[...] = self.left[rows] @ self.right
        if self.interests is not None:
            a, b, ca, cb = self.interests
            shared = a[rows] @ b
            union = ca[idx][:, None] + cb[None, :]
            union -= shared
            np.maximum(union, F32(1), out=union)
            shared /= union
            shared *= F32(self.share["interests"])
            out += shared
        if self.text_product is not None:
            a, b = self.text_product
            product = a[rows] @ b
            dense = product.toarray() if sp.issparse(product) else np.asarray(product)
            out += (np.clip(dense, 0.0, 1.0) * self.share["goals_text"]).astype(F32)
        if self.fallback:
            pairs = PairSelection(idx, None, False)
            for name in self.fallback:
                out += (self.s.criterion(name, pairs) * self.share[name]).astype(F32)
        if self.requested is not None:
            _add_sparse(out, self.requested[rows])
        penalised = out < -0.5
        np.clip(out, 0.0, 1.0, out=out)
        out[penalised] = np.nan
        _set_sparse(out, self.forbidden[rows])
        out[self.ineligible_mentees[idx]] = np.nan
        out[:, self.ineligible_mentors] = np.nan
        if self.level_gap_fallback:
            out[self.s.constraints.masks(PairSelection(idx, None, False))["level_gap"]] = np.nan


def _add_sparse(out: Float32Array, part: Matrix) -> None:
    coo = sp.coo_array(part)
    np.add.at(out, (coo.row, coo.col), coo.data)


def _set_sparse(out: Float32Array, part: Matrix) -> None:
    coo = sp.coo_array(part)
    out[coo.row, coo.col] = np.nan
