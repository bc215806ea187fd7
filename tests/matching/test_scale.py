"""A ScoreSource solve (pruned + dual repair) certifies the same optimum as the dense one."""

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from tandem.matching import InvalidProblem, MatchingProblem, solve_optimal, solve_stable


class SkewedScores:
    """Cosine of clustered embeddings in [0, 1] plus a popularity bonus for star mentors,
    rounded to 1e-6 so values never depend on block boundaries."""

    def __init__(self, n: int, m: int, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        centers = rng.normal(size=(8, 6))
        self.x = self._people(rng, centers, n)
        self.y = self._people(rng, centers, m)
        popularity = 0.3 * rng.beta(1, 8, m)
        popularity[: max(1, m // 40)] = rng.uniform(0.6, 1.0, max(1, m // 40))
        self.offset = 0.35 + 0.299 * popularity
        self.shape = (n, m)
        self.calls = 0

    @staticmethod
    def _people(rng, centers, k):
        points = centers[rng.integers(0, len(centers), k)] + 0.9 * rng.normal(size=(k, 6))
        return points / np.linalg.norm(points, axis=1, keepdims=True)

    def block(self, start: int, stop: int) -> np.ndarray:
        self.calls += 1
        cosine = np.einsum("id,jd->ij", self.x[start:stop], self.y)
        return np.round(0.349 * cosine + self.offset, 6)


@pytest.fixture(scope="module")
def skewed():
    source = SkewedScores(3000, 400)
    capacities = np.where(np.arange(400) % 2 == 0, 7, 8)  # total capacity == 3000 mentees
    dense = source.block(0, 3000)
    return source, capacities, dense


def test_score_source_solve_is_certified_and_equals_dense_solve(skewed):
    source, capacities, dense = skewed
    lazy = solve_optimal(MatchingProblem(source, capacities), memory_budget=16 << 20)
    full = solve_optimal(MatchingProblem(dense, capacities))
    assert lazy.certified_optimal
    assert full.certified_optimal
    assert lazy.matched == full.matched == 3000
    assert lazy.total_score == pytest.approx(full.total_score, abs=1e-6)
    assert lazy.n_candidate_pairs < dense.size / 10


def test_skewed_optimum_equals_scipy_on_the_slot_expanded_matrix(skewed):
    _, capacities, dense = skewed
    expanded = dense[:, np.repeat(np.arange(dense.shape[1]), capacities)]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    result = solve_optimal(MatchingProblem(dense, capacities), prioritize_coverage=False)
    assert result.total_score == pytest.approx(expanded[rows, cols].sum(), abs=1e-6)


def test_stable_on_a_score_source_has_no_blocking_pair_within_the_lists(skewed):
    source, capacities, _ = skewed
    result = solve_stable(MatchingProblem(source, capacities), list_length=30)
    assert result.certified_optimal
    assert result.n_candidate_pairs == 3000 * 30


def test_scores_that_fit_the_budget_are_computed_once_across_rounds():
    source = SkewedScores(3000, 400, seed=1)
    capacities = np.where(np.arange(400) % 2 == 0, 7, 8)
    result = solve_optimal(MatchingProblem(source, capacities), memory_budget=64 << 20)
    rows = min((64 << 20) // (400 * 8 * 10), (1 << 21) // 400)  # the solver's block size
    blocks = -(-3000 // rows)
    assert result.rounds >= 2 and result.certified_optimal
    assert source.calls == blocks


def test_a_cache_too_small_for_every_block_still_certifies_the_same_optimum(skewed):
    source, capacities, dense = skewed
    small = solve_optimal(MatchingProblem(source, capacities), memory_budget=4 << 20)
    full = solve_optimal(MatchingProblem(dense, capacities))
    assert small.certified_optimal
    assert small.total_score == pytest.approx(full.total_score, abs=1e-6)


def test_progress_sentences_follow_the_candidate_pass_and_every_round(skewed):
    source, capacities, _ = skewed
    messages = []
    result = solve_optimal(
        MatchingProblem(source, capacities), memory_budget=16 << 20, progress=messages.append
    )
    assert messages[0].startswith("scored every pair;")
    assert len(messages) == 1 + result.rounds
    assert messages[-1] == f"round {result.rounds}: proven optimal"
    assert all("solving again" in m for m in messages[1:-1])


def test_one_byte_bounds_skip_blocks_yet_certify_the_same_optimum_and_reasons(monkeypatch):
    from tandem.matching.solvers import _cache

    monkeypatch.setattr(_cache, "CHEAP_RATIO", 0.0)  # keep the bounds however cheap the source
    source = SkewedScores(3000, 400, seed=2)
    capacities = np.where(np.arange(400) % 2 == 0, 6, 7)  # 2,600 seats for 3,000 mentees
    dense = source.block(0, 3000)
    problem = MatchingProblem(source, capacities, min_score=0.45)
    bounded = solve_optimal(problem, memory_budget=1 << 20)
    calls_bounded, source.calls = source.calls, 0
    unbounded = solve_optimal(problem, memory_budget=1 << 20, bound_budget=0)
    full = solve_optimal(MatchingProblem(dense, capacities, min_score=0.45))
    assert bounded.certified_optimal and unbounded.certified_optimal and full.certified_optimal
    assert bounded.matched == unbounded.matched == full.matched
    assert bounded.total_score == pytest.approx(full.total_score, abs=1e-6)
    assert bounded.unmatched_reasons == full.unmatched_reasons
    assert bounded.rounds >= 2
    assert calls_bounded < source.calls  # later scans recomputed fewer blocks


def test_a_negative_bound_budget_is_refused_by_name():
    with pytest.raises(InvalidProblem, match="bound_budget"):
        solve_optimal(MatchingProblem(np.ones((2, 2)), [1, 1]), bound_budget=-1)


def test_bounds_are_dropped_for_a_source_cheaper_than_encoding_them(monkeypatch):
    from tandem.matching.solvers import _cache

    monkeypatch.setattr(_cache, "CHEAP_RATIO", float("inf"))  # every source counts as cheap
    source = SkewedScores(3000, 400, seed=2)
    capacities = np.where(np.arange(400) % 2 == 0, 6, 7)
    problem = MatchingProblem(source, capacities, min_score=0.45)
    dropped = solve_optimal(problem, memory_budget=1 << 20)
    full = solve_optimal(MatchingProblem(source.block(0, 3000), capacities, min_score=0.45))
    assert dropped.certified_optimal
    assert dropped.total_score == pytest.approx(full.total_score, abs=1e-6)
    assert dropped.unmatched_reasons == full.unmatched_reasons
