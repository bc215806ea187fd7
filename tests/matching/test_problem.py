"""MatchingProblem / ScoreSource validation: every bad input raises a named InvalidProblem."""

import doctest

import numpy as np
import pytest

import tandem.matching.problem
import tandem.matching.solvers.circles
import tandem.matching.solvers.optimal
import tandem.matching.solvers.peers
import tandem.matching.solvers.stable
from tandem.matching import (
    DenseScoreSource,
    InvalidProblem,
    MatchingProblem,
    ScoreSource,
    form_circles,
    pair_peers,
    solve_optimal,
    solve_stable,
)
from tandem.matching.problem import UNMATCHED_REASONS


class _Source:
    def __init__(self, shape: tuple[int, int], value: float = 0.5) -> None:
        self.shape = shape
        self.value = value

    def block(self, start: int, stop: int) -> np.ndarray:
        return np.full((stop - start, self.shape[1]), self.value)


@pytest.mark.parametrize(
    ("scores", "capacities", "min_score", "message"),
    [
        (np.ones((2, 3)), [1, 1], 0.0, "capacities has shape"),
        (np.ones((2, 2)), [1, -1], 0.0, "capacities must be >= 0"),
        (np.ones((2, 2)), [1.5, 1], 0.0, "whole numbers"),
        (np.ones((2, 2)), ["a", "b"], 0.0, "capacities must be integers"),
        (np.ones((2, 2)), [[1, 1]], 0.0, "capacities has shape"),
        (np.full((2, 2), 1.5), [1, 1], 0.0, r"scores must lie in \[0, 1\]"),
        (np.full((2, 2), -0.1), [1, 1], 0.0, r"scores must lie in \[0, 1\]"),
        (np.full((2, 2), np.inf), [1, 1], 0.0, r"scores must lie in \[0, 1\]"),
        (np.ones(3), [1, 1, 1], 0.0, "2-dimensional"),
        (np.ones((2, 2)), [1, 1], 1.5, "min_score must lie in"),
        ([["x", "y"]], [1, 1], 0.0, "numeric array or a ScoreSource"),
        (_Source((2, -1)), [], 0.0, "ScoreSource.shape"),
    ],
)
def test_invalid_problem_names_the_bad_input(scores, capacities, min_score, message):
    with pytest.raises(InvalidProblem, match=message):
        MatchingProblem(scores, capacities, min_score)


def test_invalid_problem_is_a_value_error():
    assert issubclass(InvalidProblem, ValueError)


def test_score_source_blocks_outside_unit_interval_are_rejected_during_the_solve():
    problem = MatchingProblem(_Source((3, 2), value=2.0), [2, 2])
    with pytest.raises(InvalidProblem, match=r"\[0, 1\]"):
        solve_optimal(problem)


def test_score_source_block_with_wrong_shape_is_rejected():
    class Wrong(_Source):
        def block(self, start, stop):
            return np.zeros((stop - start, 5))

    with pytest.raises(InvalidProblem, match="score block has shape"):
        solve_optimal(MatchingProblem(Wrong((3, 2)), [1, 1]))


def test_a_class_with_shape_and_block_is_a_score_source():
    assert isinstance(_Source((1, 1)), ScoreSource)
    assert isinstance(DenseScoreSource(np.zeros((1, 1))), ScoreSource)
    assert not isinstance(np.zeros((2, 2)), ScoreSource)


def test_dense_score_source_returns_views_of_the_rows():
    array = np.arange(6, dtype=float).reshape(3, 2) / 10
    source = DenseScoreSource(array)
    assert source.shape == (3, 2)
    assert np.shares_memory(source.block(1, 3), array)
    np.testing.assert_array_equal(source.block(1, 3), array[1:3])


def test_problem_is_frozen_and_normalises_capacities_to_int64():
    problem = MatchingProblem(np.ones((1, 2)), [1.0, 2.0])
    assert problem.capacities.dtype == np.int64
    with pytest.raises(AttributeError):
        problem.min_score = 0.5  # type: ignore[misc]


def test_empty_problems_are_valid_and_solve_to_nothing():
    for shape in ((0, 3), (3, 0), (0, 0)):
        problem = MatchingProblem(np.zeros(shape), np.ones(shape[1], dtype=int))
        result = solve_optimal(problem)
        assert result.matched == 0
        assert result.certified_optimal
        assert len(result.assignment) == shape[0]
        assert solve_stable(problem).matched == 0


def test_solver_options_are_validated():
    problem = MatchingProblem(np.ones((2, 2)), [1, 1])
    with pytest.raises(InvalidProblem, match="max_rounds"):
        solve_optimal(problem, max_rounds=0)
    with pytest.raises(InvalidProblem, match="candidates_per_mentee"):
        solve_optimal(problem, candidates_per_mentee=-1)
    with pytest.raises(InvalidProblem, match="proposing"):
        solve_stable(problem, proposing="both")  # type: ignore[arg-type]
    with pytest.raises(InvalidProblem, match="mentor_scores has shape"):
        solve_stable(problem, np.ones((3, 2)))
    with pytest.raises(InvalidProblem, match="list_length"):
        solve_stable(problem, list_length=0)
    with pytest.raises(InvalidProblem, match="square"):
        pair_peers(np.ones((2, 3)))
    with pytest.raises(InvalidProblem, match="symmetric"):
        pair_peers(np.array([[0, 0.1], [0.2, 0]]))
    with pytest.raises(InvalidProblem, match="min_size"):
        form_circles(np.ones((2, 2)), min_size=3, max_size=2)


def test_every_reason_code_is_documented():
    assert set(UNMATCHED_REASONS) == {
        "no_acceptable_mentor",
        "compatible_mentors_full",
        "not_selected",
        "circle_not_opened",
        "no_acceptable_peer",
        "compatible_peers_taken",
    }


@pytest.mark.parametrize(
    "module",
    [
        tandem.matching.problem,
        tandem.matching.solvers.optimal,
        tandem.matching.solvers.stable,
        tandem.matching.solvers.peers,
        tandem.matching.solvers.circles,
    ],
)
def test_docstring_examples_run(module):
    failed, attempted = doctest.testmod(module)
    assert attempted > 0
    assert failed == 0
