"""solve_optimal against scipy's linear_sum_assignment on slot-expanded matrices."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from tandem.matching import MatchingProblem, solve_optimal


@st.composite
def problems(draw, max_mentees=9, max_mentors=6):
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    # Few distinct values make ties (and degenerate duals) common.
    scores = rng.choice(np.linspace(0, 1, draw(st.sampled_from([3, 11, 101]))), (n, m))
    scores[rng.random((n, m)) < draw(st.sampled_from([0.0, 0.3, 0.7]))] = np.nan
    capacities = rng.integers(0, 4, m)
    min_score = draw(st.sampled_from([0.0, 0.3, 0.6]))
    return MatchingProblem(scores, capacities, min_score)


def _oracle(problem: MatchingProblem, coverage: bool) -> tuple[int, float]:
    """(#matched, total) by scipy on the slot-expanded matrix; a big constant for coverage."""
    scores = np.asarray(problem.scores)
    slots = np.repeat(np.arange(scores.shape[1]), problem.capacities)
    expanded = scores[:, slots]
    acceptable = ~np.isnan(expanded) & (expanded >= problem.min_score)
    bonus = 1000.0 if coverage else 0.0
    benefit = np.where(acceptable, expanded + bonus, 0.0)
    rows, cols = linear_sum_assignment(benefit, maximize=True)
    used = acceptable[rows, cols]
    return int(used.sum()), float(expanded[rows, cols][used].sum())


def _assert_feasible(problem: MatchingProblem, assignment: np.ndarray) -> None:
    scores = np.asarray(problem.scores)
    matched = np.flatnonzero(assignment >= 0)
    chosen = scores[matched, assignment[matched]]
    assert not np.isnan(chosen).any()
    assert (chosen >= problem.min_score).all()
    load = np.bincount(assignment[matched], minlength=scores.shape[1])
    assert (load <= problem.capacities).all()


@settings(max_examples=150, deadline=None)
@given(problems(), st.booleans(), st.sampled_from([None, 1, 2]))
def test_optimal_total_equals_scipy_on_slot_expanded_matrix(problem, coverage, per_mentee):
    per_mentor = None if per_mentee is None else 0
    result = solve_optimal(
        problem, coverage, candidates_per_mentee=per_mentee, candidates_per_mentor=per_mentor
    )
    matched, total = _oracle(problem, coverage)
    _assert_feasible(problem, result.assignment)
    assert result.certified_optimal
    assert result.total_score == pytest.approx(total, abs=1e-9)
    if coverage:
        assert result.matched == matched


@settings(max_examples=60, deadline=None)
@given(problems(max_mentees=12, max_mentors=5))
def test_coverage_first_matches_at_least_as_many_and_scores_at_most_as_much(problem):
    coverage = solve_optimal(problem, prioritize_coverage=True)
    score_only = solve_optimal(problem, prioritize_coverage=False)
    assert coverage.matched >= score_only.matched
    assert coverage.total_score <= score_only.total_score + 1e-9


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_unmatched_mentee_has_a_truthful_reason(problem):
    result = solve_optimal(problem)
    scores = np.asarray(problem.scores)
    acceptable = (scores >= problem.min_score) & (problem.capacities > 0)
    load = np.bincount(result.assignment[result.assignment >= 0], minlength=scores.shape[1])
    assert set(result.unmatched_reasons) == set(np.flatnonzero(result.assignment < 0))
    for mentee, reason in result.unmatched_reasons.items():
        if reason == "no_acceptable_mentor":
            assert not acceptable[mentee].any()
        else:
            assert reason == "compatible_mentors_full"
            assert (load[acceptable[mentee]] == problem.capacities[acceptable[mentee]]).all()


def test_sparse_repair_rounds_reach_the_dense_optimum_when_pruning_hides_the_answer():
    rng = np.random.default_rng(7)
    scores = rng.random((300, 40))
    scores[:, :3] += 0.5  # three star mentors everyone ranks first
    scores /= scores.max()
    problem = MatchingProblem(scores, np.full(40, 8))
    pruned = solve_optimal(problem, candidates_per_mentee=2, candidates_per_mentor=0)
    _, total = _oracle(problem, coverage=True)
    assert pruned.rounds > 1
    assert pruned.certified_optimal
    assert pruned.total_score == pytest.approx(total, abs=1e-9)


def test_round_budget_exhausted_reports_uncertified_result():
    rng = np.random.default_rng(8)
    scores = rng.random((200, 30))
    scores[:, :2] = 1.0
    problem = MatchingProblem(scores, np.full(30, 7))
    result = solve_optimal(problem, candidates_per_mentee=1, candidates_per_mentor=0, max_rounds=1)
    assert not result.certified_optimal
    assert result.rounds == 1
    _assert_feasible(problem, result.assignment)


def test_score_only_mode_seats_zero_score_mentees_when_a_seat_is_free():
    scores = np.array([[0.0, np.nan], [0.5, np.nan]])
    result = solve_optimal(MatchingProblem(scores, [2, 1]), prioritize_coverage=False)
    assert result.assignment.tolist() == [0, 0]


def test_coverage_first_gives_up_score_to_match_one_more_mentee():
    scores = np.array([[0.9, 0.1], [0.8, np.nan]])
    problem = MatchingProblem(scores, [1, 1])
    assert solve_optimal(problem, True).assignment.tolist() == [1, 0]
    assert solve_optimal(problem, False).assignment.tolist() == [0, -1]
    assert solve_optimal(problem, False).unmatched_reasons == {1: "compatible_mentors_full"}


def test_pairs_below_min_score_are_never_used():
    scores = np.array([[0.39, 0.2], [0.95, 0.41]])
    result = solve_optimal(MatchingProblem(scores, [1, 1], min_score=0.4))
    assert result.assignment.tolist() == [-1, 0]
    assert result.unmatched_reasons == {0: "no_acceptable_mentor"}
