"""Per-group match rates, gaps and small-group suppression of tandem.matching.fairness."""

import numpy as np
import pytest

from tandem.matching.fairness import fairness_report, matched_scores


def test_match_rate_and_mean_score_are_reported_per_group():
    labels = ["Sales"] * 5 + ["Finance"] * 6
    assignment = [0, 1, 2, -1, -1, 0, 0, 0, 0, 0, 0]
    scores = [0.5, 0.7, 0.6, np.nan, np.nan] + [0.9] * 6
    report = fairness_report(labels, assignment, scores)
    finance, sales = report.groups
    assert (finance.label, finance.size, finance.matched, finance.match_rate) == (
        "Finance",
        6,
        6,
        1.0,
    )
    assert sales.match_rate == pytest.approx(0.6) and sales.mean_score == pytest.approx(0.6)
    assert report.match_rate_gap == pytest.approx(0.4)
    assert report.mean_score_gap == pytest.approx(0.3)


def test_groups_below_five_people_are_suppressed_and_left_out_of_the_gaps():
    labels = ["a"] * 5 + ["b"] * 5 + ["tiny"] * 4
    assignment = [0] * 5 + [0, -1, -1, -1, -1] + [-1] * 4
    report = fairness_report(labels, assignment, [0.8] * 14)
    tiny = report.groups[-1]
    assert tiny.suppressed and tiny.size is None and tiny.match_rate is None
    assert report.suppressed == 1
    assert report.match_rate_gap == pytest.approx(0.8)


def test_min_group_size_is_configurable():
    report = fairness_report(["a", "a", "b"], [0, -1, 0], [0.5, 0, 0.5], min_group_size=1)
    assert [g.match_rate for g in report.groups] == [0.5, 1.0]


def test_only_included_and_labelled_mentees_are_counted():
    labels = ["a"] * 6 + [None]
    include = [True] * 5 + [False, True]
    report = fairness_report(labels, [0] * 7, [1.0] * 7, include=include)
    assert [(g.label, g.size) for g in report.groups] == [("a", 5)]
    assert report.match_rate_gap is None


def test_a_group_with_no_matches_has_no_mean_score():
    report = fairness_report(["a"] * 5, [-1] * 5, [np.nan] * 5)
    assert report.groups[0].match_rate == 0.0 and report.groups[0].mean_score is None


def test_arrays_of_different_lengths_are_rejected():
    with pytest.raises(ValueError, match="one entry per mentee"):
        fairness_report(["a", "b"], [0], [0.5])


def test_matched_scores_read_each_mentees_pair_from_the_matrix():
    matrix = np.array([[0.1, 0.9], [0.4, 0.3]])
    np.testing.assert_allclose(matched_scores(matrix, [1, -1]), [0.9, np.nan])
