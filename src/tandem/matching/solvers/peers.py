"""Peer mentoring: exact maximum-weight matching in a general graph.

Method (exact, with a proof of optimality)
------------------------------------------
1. **LP bound.** The fractional matching LP ``max w.x, x(delta(i)) <= 1, x >= 0`` is solved
   as a bipartite b-matching on the *double cover* (every person once as "left", once as
   "right", edge weight ``w_ij`` both ways) by :func:`solve_with_duals`, i.e. exact
   min-cost flow with a dual certificate over all pairs, dense or not. Its optimum is
   twice the LP optimum; ``y_i = (u_i + v_i) / 2`` is an optimal LP dual.
2. **Lower bound.** The symmetric part of the double-cover assignment is a matching; the
   rest is completed greedily. Call its weight ``LB``; ``UB = sum(y)``.
3. **Reduced-cost fixing.** For any matching ``M`` and edge ``e = ij`` in it,
   ``w(M) <= UB - (y_i + y_j - w_e)``. Edges with reduced cost above ``UB - LB`` are in no
   matching better than the lower bound, so they are dropped (checked over all pairs,
   block by block).
4. **Blossom on what is left.** The kept graph falls apart into small connected
   components; each is solved exactly by Edmonds' blossom algorithm (rustworkx's
   ``max_weight_matching``, a Rust port of networkx's, on integer weights). The union is a
   maximum-weight matching.

With ``prioritize_coverage`` every edge weighs ``B + w`` with ``B`` larger than any
matching's total score, so the result has maximum cardinality first (networkx's
``maxcardinality=True`` semantics).
"""

from __future__ import annotations

import time

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from tandem.matching.errors import InvalidProblem
from tandem.matching.problem import (
    COMPATIBLE_PEERS_TAKEN,
    NO_ACCEPTABLE_PEER,
    MatchingProblem,
    MatchResult,
    ScoreSource,
    validate_score_block,
)
from tandem.matching.solvers._scan import iter_blocks
from tandem.matching.solvers._topk import nonzero_2d
from tandem.matching.solvers.optimal import SolveState, solve_with_duals

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

__all__ = ["pair_peers"]


class _PeerScores:
    """A symmetric peer score source with the diagonal forbidden (NaN)."""

    def __init__(self, inner: ScoreSource) -> None:
        self.inner = inner
        self.shape = (int(inner.shape[0]), int(inner.shape[1]))

    def block(self, start: int, stop: int) -> FloatArray:
        block = np.array(self.inner.block(start, stop), dtype=np.float64)
        validate_score_block(block, (stop - start, self.shape[1]))
        rows = np.arange(stop - start)
        block[rows, rows + start] = np.nan
        return block


class _SparseScores:
    """Rows of a scipy sparse matrix as dense blocks; absent entries are forbidden."""

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        self.matrix = matrix
        self.shape = (int(matrix.shape[0]), int(matrix.shape[1]))

    def block(self, start: int, stop: int) -> FloatArray:
        part = self.matrix[start:stop]
        out = np.full((stop - start, self.shape[1]), np.nan)
        rows = np.repeat(np.arange(stop - start), np.diff(part.indptr))
        out[rows, part.indices] = part.data
        return out


def pair_peers(
    scores: ArrayLike | ScoreSource | sparse.spmatrix | sparse.sparray,
    min_score: float = 0.0,
    prioritize_coverage: bool = True,
) -> MatchResult:
    """Pair people with each other: maximum-weight matching in a general graph.

    Parameters
    ----------
    scores : ndarray (n, n), scipy sparse matrix, or ScoreSource
        Symmetric pair scores in [0, 1]; NaN (or, for sparse input, an absent entry) =
        forbidden; the diagonal is ignored.
    min_score : float, default 0.0
        Pairs scoring below this are never formed.
    prioritize_coverage : bool, default True
        Maximise the number of paired people first, then the total score.

    Returns
    -------
    MatchResult
        ``assignment[i]`` is i's partner or -1; ``total_score`` counts each pair once;
        ``matched`` counts people. ``certified_optimal`` is True when the LP bound was
        certified over all pairs (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> from tandem.matching import pair_peers
    >>> s = np.array([[0, .9, .8, 0], [.9, 0, .1, .7], [.8, .1, 0, .2], [0, .7, .2, 0]])
    >>> pair_peers(s).assignment.tolist()
    [2, 3, 0, 1]
    >>> pair_peers(s, prioritize_coverage=False).assignment.tolist()
    [2, 3, 0, 1]
    """
    started = time.perf_counter()
    source = _peer_source(scores)
    n = source.shape[0]
    problem = MatchingProblem(source, np.ones(n, dtype=np.int64), min_score)
    state, plan = solve_with_duals(problem, prioritize_coverage)
    weights = _EdgeWeights(plan.scale, plan.bonus, problem.min_score)
    kept = _fixed_edges(source, state, weights, plan.block_rows)
    partner = _solve_components(n, kept)
    # Proven either by the LP bound (fixing) or, without it, by blossom on every edge.
    return _result(source, partner, weights, certified=True, kept=kept, started=started)


def _peer_source(scores: object) -> _PeerScores:
    if sparse.issparse(scores):
        matrix = sparse.csr_matrix(scores, dtype=np.float64)
        matrix.sum_duplicates()
        inner: ScoreSource = _SparseScores(matrix)
        _check_square(inner.shape)
        if (abs(matrix - matrix.T) > 1e-12).nnz:
            raise InvalidProblem("peer scores must be symmetric")
        return _PeerScores(inner)
    if isinstance(scores, ScoreSource) and not isinstance(scores, np.ndarray):
        _check_square(tuple(scores.shape))
        return _PeerScores(scores)
    array = np.array(scores, dtype=np.float64)
    if array.ndim != 2:
        raise InvalidProblem(f"peer scores must be a square (n, n) matrix, got {array.shape}")
    _check_square(array.shape)
    np.fill_diagonal(array, np.nan)
    if not np.array_equal(np.isnan(array), np.isnan(array.T)) or not np.allclose(
        np.nan_to_num(array), np.nan_to_num(array.T), rtol=0, atol=1e-12
    ):
        raise InvalidProblem("peer scores must be symmetric (NaN pattern included)")
    validate_score_block(array, array.shape)
    return _PeerScores(_Dense(array))


class _Dense:
    def __init__(self, array: FloatArray) -> None:
        self.array = array
        self.shape = (int(array.shape[0]), int(array.shape[1]))

    def block(self, start: int, stop: int) -> FloatArray:
        return self.array[start:stop]


def _check_square(shape: tuple[int, ...]) -> None:
    if len(shape) != 2 or shape[0] != shape[1]:
        raise InvalidProblem(f"peer scores must be a square (n, n) matrix, got shape {shape}")


class _EdgeWeights:
    """Integer edge weights ``bonus + rint(score * scale)`` for acceptable pairs."""

    def __init__(self, scale: int, bonus: int, min_score: float) -> None:
        self.scale, self.bonus, self.min_score = scale, bonus, min_score

    def of(self, scores: NDArray[np.floating]) -> IntArray:
        weights: IntArray = np.rint(scores * self.scale).astype(np.int64) + self.bonus
        return weights


def _lower_bound(n: int, state: SolveState, weights: _EdgeWeights) -> tuple[IntArray, int]:
    """A good matching read off the double-cover assignment (the LP optimum).

    The assignment's edges form paths and cycles; each is matched optimally by dynamic
    programming (2-cycles are simply pairs).
    """
    pairs = state.candidates
    used = state.assignment[pairs.rows] == pairs.cols
    succ = np.full(n, -1, dtype=np.int64)
    succ[pairs.rows[used]] = pairs.cols[used]
    weight_to_succ = np.zeros(n, dtype=np.int64)
    weight_to_succ[pairs.rows[used]] = weights.of(pairs.scores[used])
    partner = np.full(n, -1, dtype=np.int64)
    total = 0
    for chain, closed in _chains(succ.tolist()):
        edge_w = [int(weight_to_succ[v]) for v in chain]
        total += _match_chain(chain, edge_w, closed, partner)
    return partner, total


def _chains(succ: list[int]) -> list[tuple[list[int], bool]]:
    """Split the functional graph ``i -> succ[i]`` (in/out degree <= 1) into paths and
    cycles, each as its vertex sequence and whether it closes."""
    n = len(succ)
    has_pred = [False] * n
    for j in succ:
        if j >= 0:
            has_pred[j] = True
    seen = [False] * n
    chains: list[tuple[list[int], bool]] = []
    starts = [i for i in range(n) if not has_pred[i]] + list(range(n))
    for first in starts:
        if seen[first]:
            continue
        chain, v = [], first
        while v >= 0 and not seen[v]:
            seen[v] = True
            chain.append(v)
            v = succ[v]
        if len(chain) > 1 or (v == first and len(chain) > 1):
            chains.append((chain, v == first))
    return chains


def _match_chain(chain: list[int], edge_w: list[int], closed: bool, partner: IntArray) -> int:
    """Maximum-weight matching of a path (or cycle) ``chain``; ``edge_w[k]`` weighs the
    edge from ``chain[k]`` to the next vertex. Writes ``partner`` and returns the weight."""
    if closed and len(chain) == 2:
        edge_w, closed = edge_w[:1], False
    path_w = edge_w[: len(chain) - 1]
    best_value, best_pick = _path_matching(path_w)
    if closed and len(chain) > 2:
        inner_value, inner_pick = _path_matching(path_w[1:-1])
        if edge_w[-1] + inner_value > best_value:
            best_value = edge_w[-1] + inner_value
            best_pick = [k + 1 for k in inner_pick] + [len(chain) - 1]
    for k in best_pick:
        i, j = chain[k], chain[(k + 1) % len(chain)]
        partner[i], partner[j] = j, i
    return best_value


def _path_matching(w: list[int]) -> tuple[int, list[int]]:
    """Best set of non-adjacent edges of a path with edge weights ``w`` (DP)."""
    take, skip = [0] * (len(w) + 1), [0] * (len(w) + 1)
    for k, weight in enumerate(w):
        take[k + 1] = skip[k] + weight
        skip[k + 1] = max(take[k], skip[k])
    picked, k, can_take = [], len(w), True
    while k > 0:
        if can_take and take[k] >= skip[k]:
            picked.append(k - 1)
            can_take = False
        else:
            can_take = True
        k -= 1
    return max(take[-1], skip[-1]), picked


def _fixed_edges(
    source: _PeerScores, state: SolveState, weights: _EdgeWeights, block_rows: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Edges ``i < j`` whose reduced cost does not exceed ``UB - LB`` (doubled integers)."""
    n = source.shape[0]
    _, lower = _lower_bound(n, state, weights)
    duals = state.duals
    if duals is None or not state.certified:  # no proven bound: keep every acceptable edge
        y2 = np.zeros(n, dtype=np.int64)
        gap2 = np.iinfo(np.int64).max // 4
    else:
        y2 = duals.u + duals.v
        gap2 = int(y2.sum()) - 2 * lower
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    for start, block in iter_blocks(source, block_rows):
        ok = block >= weights.min_score
        rows, cols = nonzero_2d(ok)
        upper = cols > rows + start
        rows, cols = rows[upper] + start, cols[upper]
        w = weights.of(block[rows - start, cols])
        keep = y2[rows] + y2[cols] - 2 * w <= gap2
        parts.append((rows[keep], cols[keep], w[keep]))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def _solve_components(n: int, edges: tuple[IntArray, IntArray, IntArray]) -> IntArray:
    """Exact blossom matching on each connected component of the kept graph."""
    import rustworkx as rx

    rows, cols, w = edges
    partner = np.full(n, -1, dtype=np.int64)
    if rows.size == 0:
        return partner
    graph = sparse.coo_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    order = np.argsort(label[rows], kind="stable")
    bounds = np.flatnonzero(np.diff(label[rows][order])) + 1
    for group in np.split(order, bounds):
        if group.size == 1:
            i, j = int(rows[group[0]]), int(cols[group[0]])
            partner[i], partner[j] = j, i
            continue
        nodes, local = np.unique(np.concatenate([rows[group], cols[group]]), return_inverse=True)
        component = rx.PyGraph(multigraph=False)
        component.add_nodes_from(range(nodes.size))
        half = group.size
        component.add_edges_from(
            list(zip(local[:half].tolist(), local[half:].tolist(), w[group].tolist(), strict=True))
        )
        for a, b in rx.max_weight_matching(component, weight_fn=int):
            i, j = int(nodes[a]), int(nodes[b])
            partner[i], partner[j] = j, i
    return partner


def _result(
    source: _PeerScores,
    partner: IntArray,
    weights: _EdgeWeights,
    *,
    certified: bool,
    kept: tuple[IntArray, IntArray, IntArray],
    started: float,
) -> MatchResult:
    n = partner.shape[0]
    total = 0.0
    reasons: dict[int, str] = {}
    for start, block in iter_blocks(source, max(1, (1 << 21) // max(n, 1))):
        rows = np.arange(start, start + len(block))
        paired = partner[rows] > rows
        total += float(block[np.flatnonzero(paired), partner[rows[paired]]].sum())
        for local in np.flatnonzero(partner[rows] < 0).tolist():
            any_ok = bool((block[local] >= weights.min_score).any())
            reasons[start + local] = COMPATIBLE_PEERS_TAKEN if any_ok else NO_ACCEPTABLE_PEER
    return MatchResult(
        assignment=partner,
        total_score=total,
        matched=int(np.count_nonzero(partner >= 0)),
        certified_optimal=certified,
        seconds=time.perf_counter() - started,
        unmatched_reasons=reasons,
        n_candidate_pairs=int(kept[0].shape[0]),
        method="lp_double_cover+reduced_cost_fixing+blossom",
    )
