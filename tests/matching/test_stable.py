"""solve_stable: no blocking pair, and the same result as the `matching` package."""

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from tandem.matching import MatchingProblem, solve_stable


@st.composite
def instances(draw):
    n = draw(st.integers(1, 10))
    m = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    levels = draw(st.sampled_from([3, 11, 1001]))  # coarse levels give many ties
    scores = rng.choice(np.linspace(0, 1, levels), (n, m))
    scores[rng.random((n, m)) < 0.2] = np.nan
    mentor_scores = rng.choice(np.linspace(0, 1, levels), (n, m))
    capacities = rng.integers(0, 3, m)
    min_score = draw(st.sampled_from([0.0, 0.4]))
    return MatchingProblem(scores, capacities, min_score), mentor_scores


def _acceptable(problem, mentor_scores):
    scores = np.asarray(problem.scores)
    return (scores >= problem.min_score) & ~np.isnan(mentor_scores) & (problem.capacities > 0)


def _package_result(problem, mentor_scores, optimal):
    scores = np.asarray(problem.scores)
    n, m = scores.shape
    ok = _acceptable(problem, mentor_scores)
    residents = {
        i: sorted(np.flatnonzero(ok[i]).tolist(), key=lambda j: (-scores[i, j], j))
        for i in range(n)
    }
    hospitals = {
        j: sorted(np.flatnonzero(ok[:, j]).tolist(), key=lambda i: (-mentor_scores[i, j], i))
        for j in range(m)
    }
    capacities = {j: int(problem.capacities[j]) for j in range(m)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns about empty preference lists
        game = HospitalResident.create_from_dictionaries(
            residents, hospitals, capacities, clean=True
        )
        solution = game.solve(optimal=optimal)
    assignment = np.full(n, -1)
    for hospital, matched in solution.items():
        for resident in matched:
            assignment[resident.name] = hospital.name
    return assignment


def _blocking_pairs(problem, mentor_scores, assignment):
    scores = np.asarray(problem.scores)
    ok = _acceptable(problem, mentor_scores)
    blocking = []
    for i, j in zip(*np.nonzero(ok), strict=True):
        if assignment[i] == j:
            continue
        current = assignment[i]
        wants = current < 0 or (-scores[i, j], j) < (-scores[i, current], current)
        held = np.flatnonzero(assignment == j)
        worst = max(held.tolist(), key=lambda h: (-mentor_scores[h, j], h), default=None)
        accepts = len(held) < problem.capacities[j] or (
            worst is not None and (-mentor_scores[i, j], i) < (-mentor_scores[worst, j], worst)
        )
        if wants and accepts:
            blocking.append((i, j))
    return blocking


@settings(max_examples=120, deadline=None)
@given(instances(), st.sampled_from(["mentees", "mentors"]))
def test_stable_matches_the_matching_package_and_has_no_blocking_pair(instance, proposing):
    problem, mentor_scores = instance
    result = solve_stable(problem, mentor_scores, proposing)
    package = _package_result(
        problem, mentor_scores, "resident" if proposing == "mentees" else "hospital"
    )
    assert result.assignment.tolist() == package.tolist()
    assert _blocking_pairs(problem, mentor_scores, result.assignment) == []
    assert result.certified_optimal


def test_mentor_scores_default_to_the_pair_scores():
    scores = np.array([[0.9, 0.5], [0.8, 0.6]])
    problem = MatchingProblem(scores, [1, 1])
    assert (
        solve_stable(problem).assignment.tolist()
        == solve_stable(problem, scores).assignment.tolist()
    )


def test_truncated_lists_make_pairs_outside_them_unacceptable():
    scores = np.array([[0.9, 0.8, 0.7], [0.9, 0.1, 0.2]])
    problem = MatchingProblem(scores, [1, 1, 1])
    result = solve_stable(problem, list_length=1)
    assert result.assignment.tolist() == [0, -1]
    assert result.unmatched_reasons == {1: "compatible_mentors_full"}


def test_score_source_lists_equal_dense_truncated_lists():
    rng = np.random.default_rng(3)
    scores = rng.random((400, 300))

    class Source:
        shape = scores.shape

        def block(self, start, stop):
            return scores[start:stop]

    dense = solve_stable(MatchingProblem(scores, np.full(300, 2)), list_length=20)
    lazy = solve_stable(MatchingProblem(Source(), np.full(300, 2)), list_length=20)
    assert dense.assignment.tolist() == lazy.assignment.tolist()
    assert lazy.n_candidate_pairs == 400 * 20
