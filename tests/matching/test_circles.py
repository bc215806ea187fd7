"""form_circles against a brute-force oracle on tiny instances."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.matching import form_circles


def _brute_force(scores, limits, min_size, min_score, coverage):
    n, m = scores.shape
    best = (-1.0, -1.0)
    for choice in itertools.product(range(-1, m), repeat=n):
        sizes = np.bincount([j for j in choice if j >= 0], minlength=m)
        if any(0 < s < min_size or s > limits[j] for j, s in enumerate(sizes)):
            continue
        if any(j >= 0 and not scores[i, j] >= min_score for i, j in enumerate(choice)):
            continue
        total = sum(scores[i, j] for i, j in enumerate(choice) if j >= 0)
        matched = sum(j >= 0 for j in choice)
        key = (matched, total) if coverage else (0, total)
        if key > best:
            best = key
    return best


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 6),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.integers(1, 3),
    st.booleans(),
)
def test_circles_equal_brute_force_and_respect_size_bounds(n, m, seed, min_size, coverage):
    rng = np.random.default_rng(seed)
    scores = rng.choice(np.linspace(0, 1, 11), (n, m))
    scores[rng.random((n, m)) < 0.25] = np.nan
    capacities = rng.integers(1, 5, m)
    max_size = 3
    result = form_circles(
        scores, capacities, min_size, max_size, min_score=0.2, prioritize_coverage=coverage
    )
    limits = np.minimum(capacities, max_size)
    sizes = np.bincount(result.assignment[result.assignment >= 0], minlength=m)
    assert all(s == 0 or min_size <= s <= limits[j] for j, s in enumerate(sizes))
    assert result.opened.tolist() == (sizes > 0).tolist()
    matched, total = _brute_force(scores, limits, min_size, 0.2, coverage)
    assert result.total_score == pytest.approx(total, abs=1e-6)
    if coverage:
        assert result.matched == matched
    assert result.certified_optimal


def test_a_circle_below_min_size_does_not_open_and_says_why():
    scores = np.array([[0.9, 0.1], [0.8, 0.1], [0.1, 0.9]])
    result = form_circles(scores, [3, 3], min_size=2, max_size=3)
    assert result.opened.tolist() == [True, False]
    assert result.assignment.tolist() == [0, 0, 0]
    strict = form_circles(
        np.array([[0.9, np.nan], [0.8, np.nan], [np.nan, 0.9]]), [2, 3], min_size=2, max_size=3
    )
    assert strict.assignment.tolist() == [0, 0, -1]
    assert strict.unmatched_reasons == {2: "circle_not_opened"}


def test_a_few_hundred_mentees_solve_to_proven_optimality():
    rng = np.random.default_rng(5)
    scores = rng.random((200, 20))
    result = form_circles(scores, np.full(20, 8), min_size=4, max_size=8, prioritize_coverage=True)
    assert result.certified_optimal
    assert result.matched == 160
