"""pair_peers against networkx's max_weight_matching."""

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from tandem.matching import pair_peers


@st.composite
def peer_matrices(draw):
    n = draw(st.integers(1, 14))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    levels = draw(st.sampled_from([3, 11, 101]))
    upper = np.triu(rng.choice(np.linspace(0, 1, levels), (n, n)), 1)
    scores = upper + upper.T
    forbidden = np.triu(rng.random((n, n)) < draw(st.sampled_from([0.0, 0.4, 0.8])), 1)
    scores[forbidden | forbidden.T] = np.nan
    return scores, draw(st.sampled_from([0.0, 0.35]))


def _networkx(scores, min_score, maxcardinality):
    graph = nx.Graph()
    n = len(scores)
    for i in range(n):
        for j in range(i + 1, n):
            if scores[i, j] >= min_score:
                graph.add_edge(i, j, weight=round(scores[i, j] * 1_000_000))
    matching = nx.max_weight_matching(graph, maxcardinality=maxcardinality)
    return len(matching), sum(scores[i, j] for i, j in matching)


@settings(max_examples=120, deadline=None)
@given(peer_matrices(), st.booleans())
def test_pair_peers_equals_networkx_max_weight_matching(instance, coverage):
    scores, min_score = instance
    result = pair_peers(scores, min_score, coverage)
    pairs, total = _networkx(scores, min_score, coverage)
    partner = result.assignment
    matched = np.flatnonzero(partner >= 0)
    assert (partner[partner[matched]] == matched).all()
    assert (scores[matched, partner[matched]] >= min_score).all()
    assert result.total_score == pytest.approx(total, abs=1e-9)
    if coverage:
        assert result.matched == 2 * pairs
    assert result.certified_optimal


def test_sparse_input_treats_missing_entries_as_forbidden():
    rows, cols, data = [0, 1, 2, 3], [1, 0, 3, 2], [0.2, 0.2, 0.9, 0.9]
    matrix = sparse.coo_matrix((data, (rows, cols)), shape=(4, 4))
    result = pair_peers(matrix)
    assert result.assignment.tolist() == [1, 0, 3, 2]
    assert result.total_score == pytest.approx(1.1)


def test_odd_one_out_gets_a_reason():
    scores = np.array([[0, 0.9, 0.5], [0.9, 0, 0.4], [0.5, 0.4, 0]])
    result = pair_peers(scores)
    assert result.unmatched_reasons == {2: "compatible_peers_taken"}
    lonely = pair_peers(np.array([[0, np.nan], [np.nan, 0]]))
    assert lonely.unmatched_reasons == {0: "no_acceptable_peer", 1: "no_acceptable_peer"}


def test_clustered_peers_with_odd_cycles_equal_networkx():
    rng = np.random.default_rng(11)
    points = rng.normal(size=(120, 4))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    scores = (points @ points.T + 1) / 2
    keep = scores >= np.sort(scores, axis=1)[:, [-6]]
    scores[~(keep | keep.T)] = np.nan
    for coverage in (True, False):
        pairs, total = _networkx(np.nan_to_num(scores, nan=-1.0), 0.0, coverage)
        result = pair_peers(scores, prioritize_coverage=coverage)
        assert result.total_score == pytest.approx(total, abs=1e-9)
        if coverage:
            assert result.matched == 2 * pairs
