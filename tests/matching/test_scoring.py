"""Criteria values, weighted means and block computation of tandem.matching.scoring."""

from datetime import UTC, datetime

import numpy as np
import pytest

from tandem.matching.features import PairSelection, PersonRecord, build_features
from tandem.matching.scoring import (
    CRITERIA,
    FeatureScores,
    ScoringConfig,
    criteria_without_data,
    score_matrix,
)

WINTER = datetime(2025, 1, 15, 12, tzinfo=UTC)


def criterion(name, mentees, mentors, **config):
    features = build_features(mentees, mentors, at=WINTER)
    scores = FeatureScores(features, ScoringConfig(weights={name: 1.0}, **config))
    return scores.criteria(PairSelection.block(0, len(mentees)))[name]


def person(i, **kwargs):
    return PersonRecord(id=i, **kwargs)


def test_skills_value_is_the_mean_over_wanted_skills_weighted_by_mentor_level():
    mentee = person(1, skills={"SQL": 1, "Python": 1})
    mentors = [
        person(2, skills={"sql": 5}),
        person(3, skills={"SQL": 1, "python": 1}),
        person(4, skills={"Excel": 5}),
    ]
    assert criterion("skills", [mentee], mentors)[0].tolist() == pytest.approx([0.5, 0.6, 0.0])


def test_skills_value_is_zero_when_the_mentee_lists_no_skills():
    assert criterion("skills", [person(1)], [person(2, skills={"SQL": 5})])[0, 0] == 0.0


def test_seniority_is_one_inside_the_preferred_range_and_falls_off_outside():
    mentee = person(1, level=3)
    mentors = [person(10 + k, level=3 + gap) for k, gap in enumerate([2, 0, -1, 5, 4])]
    mentors.append(person(99))  # unknown level
    values = criterion("seniority", [mentee], mentors)[0]
    assert values.tolist() == pytest.approx([1.0, 0.5, 0.0, 0.0, 0.5, 0.5])


def test_reverse_mentoring_prefers_a_junior_mentor():
    mentee = person(1, level=5)
    mentors = [person(2, level=3), person(3, level=7)]
    values = criterion(
        "seniority", [mentee], mentors, seniority_range=(-3.0, -1.0), seniority_falloff=1.0
    )
    assert values[0].tolist() == [1.0, 0.0]


def test_department_prefers_different_or_same_as_configured():
    mentee = person(1, department="Finance")
    mentors = [person(2, department="finance"), person(3, department="Sales"), person(4)]
    assert criterion("department", [mentee], mentors)[0].tolist() == [0.0, 1.0, 0.5]
    same = criterion("department", [mentee], mentors, department="same")
    assert same[0].tolist() == [1.0, 0.0, 0.5]


def test_time_zone_is_the_share_of_overlapping_working_hours():
    mentee = person(1, time_zone="Europe/Paris")
    mentors = [
        person(2, time_zone="Europe/Madrid"),
        person(3, time_zone="America/New_York"),
        person(4, time_zone="Pacific/Auckland"),
        person(5),
    ]
    values = criterion("time_zone", [mentee], mentors)[0]
    assert values.tolist() == pytest.approx([1.0, 2 / 8, 0.0, 0.5])


def test_time_zone_overlap_wraps_around_midnight():
    values = criterion(
        "time_zone", [person(1, time_zone="UTC-11")], [person(2, time_zone="UTC+12")]
    )
    assert values[0, 0] == pytest.approx(7 / 8)


def test_language_is_one_when_a_language_is_shared():
    mentee = person(1, languages={"Spanish", "English"})
    mentors = [person(2, languages={"spanish"}), person(3, languages={"German"}), person(4)]
    assert criterion("language", [mentee], mentors)[0].tolist() == [1.0, 0.0, 0.5]


def test_format_conflicts_only_between_virtual_and_in_person():
    mentees = [person(1, meeting_format="virtual"), person(2, meeting_format="either")]
    mentors = [person(3, meeting_format="in_person"), person(4, meeting_format="virtual")]
    assert criterion("format", mentees, mentors).tolist() == [[0.0, 1.0], [1.0, 1.0]]


def test_interests_use_the_jaccard_index():
    mentee = person(1, interests={"hiking", "chess"})
    mentors = [person(2, interests={"Chess", "painting"}), person(3)]
    assert criterion("interests", [mentee], mentors)[0].tolist() == pytest.approx([1 / 3, 0.0])


def test_requested_marks_the_mentors_a_mentee_asked_for():
    features = build_features([person(1), person(2)], [person(3), person(4)], requested={0: [1]})
    scores = FeatureScores(features, ScoringConfig(weights={"requested": 1}))
    assert scores.block(0, 2).tolist() == [[0.0, 1.0], [0.0, 0.0]]


def test_score_is_the_weighted_mean_of_the_criteria():
    mentee = person(1, skills={"SQL": 1, "Python": 1}, languages={"English"})
    mentor = person(2, skills={"SQL": 5}, languages={"English"})
    features = build_features([mentee], [mentor])
    config = ScoringConfig(weights={"skills": 3, "language": 1, "interests": 0})
    assert score_matrix(features, config)[0, 0] == pytest.approx((3 * 0.5 + 1 * 1.0) / 4)


def test_unknown_criterion_in_weights_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'charisma'"):
        ScoringConfig(weights={"skills": 1, "charisma": 2})


@pytest.mark.parametrize("weights", [{}, {"skills": 0, "language": 0}])
def test_weights_that_are_all_zero_are_an_error(weights):
    with pytest.raises(ValueError, match="above 0"):
        ScoringConfig(weights=weights)


def test_negative_weight_is_an_error():
    with pytest.raises(ValueError, match="'skills'"):
        ScoringConfig(weights={"skills": -1})


def random_people(rng, n, first_id, mentor):
    skills = ["sql", "python", "sales", "design", "leadership", "finance"]
    zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo", None]
    people = []
    for k in range(n):
        chosen = rng.choice(skills, size=rng.integers(0, 4), replace=False)
        people.append(
            PersonRecord(
                id=first_id + k,
                level=None if rng.random() < 0.1 else int(rng.integers(1, 8)),
                department=str(rng.choice(["A", "B", "C"])),
                time_zone=zones[rng.integers(0, 4)],
                languages=set(rng.choice(["en", "es", "fr"], size=rng.integers(0, 3))),
                meeting_format=str(rng.choice(["virtual", "in_person", "either"])),
                interests=set(rng.choice(["chess", "hiking", "music"], size=rng.integers(0, 3))),
                skills={str(s): int(rng.integers(1, 6)) if mentor else 1 for s in chosen},
                text=" ".join(rng.choice(["data", "sales", "growth", "lead", "design"], 4)),
                management_chain=tuple(int(x) for x in rng.integers(0, 60, size=2)),
                eligible=bool(rng.random() > 0.05),
            )
        )
    return people


@pytest.fixture(scope="module")
def random_scores():
    rng = np.random.default_rng(7)
    mentees, mentors = random_people(rng, 23, 0, False), random_people(rng, 11, 15, True)
    requested = {i: [int(rng.integers(0, 11))] for i in range(0, 23, 3)}
    avoided = {i: [int(rng.integers(0, 11))] for i in range(1, 23, 4)}
    features = build_features(mentees, mentors, requested, avoided, at=WINTER)
    config = ScoringConfig(weights=dict.fromkeys(CRITERIA, 1.0))
    return FeatureScores(features, config)


def test_blocks_of_rows_equal_the_full_matrix(random_scores):
    full = random_scores.dense(block_rows=100)
    stitched = np.vstack([random_scores.block(s, min(23, s + 5)) for s in range(0, 23, 5)])
    np.testing.assert_array_equal(np.isnan(full), np.isnan(stitched))
    np.testing.assert_allclose(full, stitched, equal_nan=True)
    assert 0 < np.isnan(full).sum() < full.size
    assert np.nanmin(full) >= 0 and np.nanmax(full) <= 1


def test_pair_scores_equal_the_matrix_entries(random_scores):
    full = random_scores.dense()
    i, j = np.divmod(np.arange(full.size), full.shape[1])
    np.testing.assert_allclose(random_scores.pair_scores(i, j), full.ravel(), equal_nan=True)


def test_rows_of_chosen_mentees_equal_the_matrix_rows(random_scores):
    np.testing.assert_allclose(
        random_scores.rows(np.array([4, 0, 17])), random_scores.dense()[[4, 0, 17]], equal_nan=True
    )


def test_criteria_without_data_lists_columns_one_side_left_empty():
    features = build_features(
        [person(1, skills={"SQL": 1}, languages={"en"})], [person(2, languages={"en"}, level=3)]
    )
    missing = criteria_without_data(features)
    assert "skills" in missing and "seniority" in missing and "language" not in missing


def test_assigned_scores_give_each_mentee_its_pair_score_or_nan(random_scores):
    full = random_scores.dense()
    i, j = np.nonzero(~np.isnan(full))
    assignment = np.full(23, -1)
    assignment[i[0]] = j[0]
    result = random_scores.assigned_scores(assignment)
    assert result[i[0]] == pytest.approx(full[i[0], j[0]])
    assert np.isnan(np.delete(result, i[0])).all()
