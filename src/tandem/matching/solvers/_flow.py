"""Exact b-matching on a sparse candidate graph: OR-Tools min-cost flow plus dual prices.

The primal is solved by OR-Tools' ``SimpleMinCostFlow`` (C++ cost scaling). The Python
binding does not expose node potentials, so the LP duals are derived here from the
optimal assignment by shortest paths in the mentors' "exchange" graph (see
:func:`dual_prices`), and checked exactly in integers by :func:`check_duals`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

IntArray = NDArray[np.int64]

__all__ = ["Candidates", "Duals", "check_duals", "dual_prices", "solve_bmatching"]


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs ``(rows[e], cols[e])``: scores and integer weights (score * scale)."""

    rows: IntArray
    cols: IntArray
    weights: IntArray
    scores: NDArray[np.float64]

    @staticmethod
    def empty() -> Candidates:
        """No pairs."""
        none = np.zeros(0, dtype=np.int64)
        return Candidates(none, none.copy(), none.copy(), np.zeros(0))

    @property
    def size(self) -> int:
        """Number of pairs."""
        return int(self.rows.shape[0])

    def merged(self, other: Candidates, n_mentors: int) -> Candidates:
        """Union of two candidate sets, each pair once, sorted by (row, col)."""
        rows = np.concatenate([self.rows, other.rows])
        cols = np.concatenate([self.cols, other.cols])
        weights = np.concatenate([self.weights, other.weights])
        scores = np.concatenate([self.scores, other.scores])
        _, first = np.unique(rows * max(n_mentors, 1) + cols, return_index=True)
        return Candidates(rows[first], cols[first], weights[first], scores[first])

    def select(self, keep: NDArray[np.bool_] | IntArray) -> Candidates:
        """The pairs picked by a mask or index array."""
        return Candidates(self.rows[keep], self.cols[keep], self.weights[keep], self.scores[keep])


@dataclass(frozen=True)
class Duals:
    """LP dual prices: ``u`` per mentee, ``v`` per mentor (integers, same scale as weights)."""

    u: IntArray
    v: IntArray


def solve_bmatching(
    capacities: IntArray, n_mentees: int, candidates: Candidates, bonus: int
) -> IntArray:
    """Maximise ``sum(bonus + weight)`` over candidate pairs, mentees <= 1, mentors <= capacity.

    Nodes: mentees ``0..n-1`` (supply 1), mentors ``n..n+m-1``, a sink (demand n); pair
    arcs cost ``-weight``, mentor arcs to the sink carry the capacities.

    Coverage first (``bonus > 0``, larger than any difference of total weight): the
    optimum is the largest matching, and among those the heaviest, which is exactly what
    OR-Tools' ``solve_max_flow_with_min_cost`` computes. Its arc costs stay within
    ``[-scale, 0]`` instead of ``-(bonus + weight)`` (bonus ~ 10^10 at 20,000 mentees), so
    cost scaling needs fewer phases: about half the time of the bonus formulation, same
    optimum. Score only (``bonus == 0``): each mentee may also send its unit along a skip
    arc to the sink (cost 0), so staying unmatched is always allowed.
    """
    n, m = n_mentees, int(capacities.shape[0])
    sink = n + m
    flow = min_cost_flow.SimpleMinCostFlow()
    mentor_nodes = n + np.arange(m, dtype=np.int64)
    if bonus > 0:
        tails = np.concatenate([candidates.rows, mentor_nodes])
        heads = np.concatenate([n + candidates.cols, np.full(m, sink, np.int64)])
        caps = np.concatenate([np.ones(candidates.size, np.int64), capacities])
        costs = np.concatenate([-candidates.weights, np.zeros(m, np.int64)])
    else:
        everyone = np.arange(n, dtype=np.int64)
        tails = np.concatenate([candidates.rows, everyone, mentor_nodes])
        heads = np.concatenate(
            [n + candidates.cols, np.full(n, sink, np.int64), np.full(m, sink, np.int64)]
        )
        caps = np.concatenate([np.ones(candidates.size + n, np.int64), capacities])
        costs = np.concatenate([-candidates.weights, np.zeros(n + m, np.int64)])
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int64), supplies)
    status = flow.solve_max_flow_with_min_cost() if bonus > 0 else flow.solve()
    if status != min_cost_flow.SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
    used = flow.flows(arcs[: candidates.size]) > 0
    assignment = np.full(n, -1, dtype=np.int64)
    assignment[candidates.rows[used]] = candidates.cols[used]
    return assignment


def _own_weights(n: int, candidates: Candidates, assignment: IntArray, bonus: int) -> IntArray:
    """``own[i]`` = bonus + weight of mentee i's assigned pair (0 when unmatched)."""
    own = np.zeros(n, dtype=np.int64)
    mine = assignment[candidates.rows] == candidates.cols
    own[candidates.rows[mine]] = candidates.weights[mine] + bonus
    return own


def dual_prices(
    capacities: IntArray, candidates: Candidates, assignment: IntArray, bonus: int
) -> Duals | None:
    """The largest mentor prices consistent with an optimal assignment (mentor-optimal duals).

    Complementary slackness turns the dual LP into difference constraints on the mentor
    prices ``v`` (``u_i = w_i,a(i) - v_a(i)`` for matched mentees, ``u_i = 0`` otherwise)::

        v_a(i) <= v_j + (w_i,a(i) - w_ij)   every other candidate j of a matched mentee i
        v_a(i) <= w_i,a(i)                  (u_i >= 0)
        v_j     = 0                         mentors with a free seat
        v_j    >= w_ij, v_j >= 0            candidates of unmatched mentees; all mentors

    The largest solution is the shortest-path distance from a root to each mentor; it is
    computed by vectorised Bellman-Ford (relaxing only edges whose tail changed). The
    lower bounds hold automatically when the assignment is optimal; :func:`check_duals`
    verifies everything exactly. High prices protect pruned pairs (which mentees rank
    low) better than the smallest prices: in practice fewer repair rounds. Returns None
    if the relaxation does not converge (the assignment was not optimal).
    """
    n, m = int(assignment.shape[0]), int(capacities.shape[0])
    own = _own_weights(n, candidates, assignment, bonus)
    mentor = assignment[candidates.rows]
    exchange = (mentor >= 0) & (mentor != candidates.cols)
    length = own[candidates.rows[exchange]] - (candidates.weights[exchange] + bonus)
    matched = assignment >= 0
    load = np.bincount(assignment[matched], minlength=m)
    v = np.full(m, np.iinfo(np.int64).max // 4, dtype=np.int64)
    np.minimum.at(v, assignment[matched], own[matched])
    v[load < capacities] = 0
    v[capacities == 0] = 0
    if not _relax(v, mentor[exchange], candidates.cols[exchange], length, m + 2):
        return None
    u = np.zeros(n, dtype=np.int64)
    u[matched] = own[matched] - v[assignment[matched]]
    return Duals(u, v)


def _relax(d: IntArray, head: IntArray, tail: IntArray, length: IntArray, limit: int) -> bool:
    """Bellman-Ford to a fixed point: ``d[head] = min(d[head], d[tail] + length)``.

    Arguments are ``(d, head, tail, length)``: each edge lowers its head's distance. Each
    sweep relaxes only the edges leaving a node whose distance changed in the previous
    sweep (edges sorted by tail, gathered through offsets), so the work is the number of
    such edges, not ``sweeps x all edges``: at 20,000 x 5,000 about 170 sweeps touch
    3.4 million edges in all, against 50 million for full sweeps.
    """
    order = np.argsort(tail, kind="stable")
    head, tail, length = head[order], tail[order], length[order]
    offsets = np.searchsorted(tail, np.arange(d.shape[0] + 1, dtype=np.int64))
    frontier = np.flatnonzero(offsets[1:] > offsets[:-1])
    for _ in range(limit):
        lo = offsets[frontier]
        counts = offsets[frontier + 1] - lo
        total = int(counts.sum())
        if total == 0:
            return True
        starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
        edges = starts + np.arange(total, dtype=np.int64)
        heads = head[edges]
        reach = length[edges] + d[tail[edges]]
        lower = reach < d[heads]
        if not lower.any():
            return True
        heads = heads[lower]
        np.minimum.at(d, heads, reach[lower])
        frontier = np.unique(heads)
    return False


def check_duals(
    capacities: IntArray, candidates: Candidates, assignment: IntArray, duals: Duals, bonus: int
) -> bool:
    """Exact integer check: primal feasible, duals non-negative, equal objectives.

    Together with ``u_i + v_j >= bonus + w_ij`` for every acceptable pair (checked by the
    full scan), weak duality then proves the assignment optimal for the full problem.
    """
    matched = assignment >= 0
    load = np.bincount(assignment[matched], minlength=capacities.shape[0])
    if np.any(load > capacities) or np.any(duals.u < 0) or np.any(duals.v < 0):
        return False
    own = _own_weights(int(assignment.shape[0]), candidates, assignment, bonus)
    if np.count_nonzero(assignment[candidates.rows] == candidates.cols) != np.count_nonzero(
        matched
    ):
        return False  # a matched pair is not a candidate pair
    primal = int(own.sum())
    dual = int(duals.u.sum()) + int((capacities * duals.v).sum())
    slack = duals.u[candidates.rows] + duals.v[candidates.cols] - (candidates.weights + bonus)
    return primal == dual and bool(np.all(slack >= 0))
