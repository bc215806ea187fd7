"""Every hard rule of tandem.matching.constraints makes a pair forbidden (NaN)."""

import numpy as np

from tandem.matching.constraints import HardConstraints, HardRules
from tandem.matching.features import (
    PairSelection,
    PersonRecord,
    build_features,
    management_chains,
)
from tandem.matching.scoring import FeatureScores, ScoringConfig

WEIGHTS = {"skills": 1.0, "language": 1.0}


def scores(mentees, mentors, rules=None, **pairs):
    features = build_features(mentees, mentors, **pairs)
    config = ScoringConfig(weights=WEIGHTS, rules=rules or HardRules())
    return FeatureScores(features, config).block(0, len(mentees))


def test_a_person_is_never_their_own_mentor():
    result = scores([PersonRecord(id=1)], [PersonRecord(id=1), PersonRecord(id=2)])
    assert np.isnan(result[0, 0]) and not np.isnan(result[0, 1])


def test_a_mentor_in_the_mentees_management_chain_is_forbidden():
    mentee = PersonRecord(id=1, management_chain=(10, 20))
    mentors = [PersonRecord(id=10), PersonRecord(id=20), PersonRecord(id=30)]
    assert np.isnan(scores([mentee], mentors)[0]).tolist() == [True, True, False]


def test_a_mentee_in_the_mentors_management_chain_is_forbidden():
    mentee = PersonRecord(id=1)
    mentors = [PersonRecord(id=2, management_chain=(5, 1)), PersonRecord(id=3)]
    assert np.isnan(scores([mentee], mentors)[0]).tolist() == [True, False]


def test_management_chains_follow_the_manager_array_to_the_top():
    assert management_chains([1, 2, 3, 4], [None, 1, 2, 3]) == [(), (1,), (2, 1), (3, 2, 1)]
    assert management_chains([1, 2], [2, 1]) == [(2,), (1,)]


def test_a_level_gap_below_the_minimum_is_forbidden():
    mentee = PersonRecord(id=1, level=3)
    mentors = [PersonRecord(id=2, level=3), PersonRecord(id=3, level=4), PersonRecord(id=4)]
    result = scores([mentee], mentors, HardRules(min_level_gap=1))
    assert np.isnan(result[0]).tolist() == [True, False, False]


def test_a_level_gap_above_the_maximum_is_forbidden_for_reverse_mentoring():
    mentee = PersonRecord(id=1, level=6)
    mentors = [PersonRecord(id=2, level=3), PersonRecord(id=3, level=7)]
    result = scores([mentee], mentors, HardRules(max_level_gap=0))
    assert np.isnan(result[0]).tolist() == [False, True]


def test_an_ineligible_mentee_or_mentor_is_in_no_pair():
    mentees = [PersonRecord(id=1), PersonRecord(id=2, eligible=False)]
    mentors = [PersonRecord(id=3), PersonRecord(id=4, eligible=False)]
    assert np.isnan(scores(mentees, mentors)).tolist() == [[False, True], [True, True]]


def test_a_mentor_on_the_mentees_avoid_list_is_forbidden():
    result = scores(
        [PersonRecord(id=1)], [PersonRecord(id=2), PersonRecord(id=3)], avoided={0: [1]}
    )
    assert np.isnan(result[0]).tolist() == [False, True]


def test_masks_name_the_rule_that_forbids_each_pair():
    mentee = PersonRecord(id=1, level=2, management_chain=(3,))
    mentors = [
        PersonRecord(id=1, level=5),
        PersonRecord(id=3, level=5),
        PersonRecord(id=4, level=1),
    ]
    features = build_features([mentee], mentors)
    masks = HardConstraints(features, HardRules(min_level_gap=0)).masks(PairSelection.block(0, 1))
    assert masks["same_person"][0].tolist() == [True, False, False]
    assert masks["management_chain"][0].tolist() == [False, True, False]
    assert masks["level_gap"][0].tolist() == [False, False, True]
    assert not masks["avoided"].any() and not masks["ineligible"].any()
