"""Sentences and contributions of tandem.matching.explain."""

from datetime import UTC, datetime

import numpy as np
import pytest

from tandem.matching.explain import (
    PAIR_TEMPLATES,
    UNMATCHED_TEMPLATES,
    explain_pairs,
    explain_unmatched,
)
from tandem.matching.features import PersonRecord, build_features
from tandem.matching.scoring import CRITERIA, FeatureScores, ScoringConfig

WINTER = datetime(2025, 1, 15, 12, tzinfo=UTC)
ANA = PersonRecord(
    id=1,
    level=2,
    department="Engineering",
    time_zone="Europe/London",
    languages={"Spanish"},
    meeting_format="virtual",
    interests={"chess"},
    skills=dict.fromkeys(["SQL", "negotiation", "public speaking", "Python"], 1),
    text="I want to lead a data team",
)
CARLA = PersonRecord(
    id=2,
    level=4,
    department="Finance",
    time_zone="Asia/Dubai",
    languages={"spanish", "English"},
    meeting_format="virtual",
    interests={"Chess", "hiking"},
    skills={"sql": 5, "Negotiation": 4, "Public speaking": 3},
    text="Finance director leading a data team",
)


@pytest.fixture
def explanation():
    features = build_features([ANA], [CARLA], requested={0: [0]}, at=WINTER)
    scores = FeatureScores(features, ScoringConfig(weights=dict.fromkeys(CRITERIA, 1.0)))
    return explain_pairs(scores, [0], [0])[0]


def test_each_criterion_gets_a_human_sentence(explanation):
    details = {r.criterion: r.detail for r in explanation.reasons}
    assert (
        details["skills"]
        == "shares 3 of 4 skills you want to develop: SQL, negotiation, public speaking"
    )
    assert details["language"] == "both speak Spanish"
    assert details["time_zone"] == "4 hours of overlapping working hours"
    assert details["seniority"] == "two levels more senior"
    assert details["department"] == "works in a different department (Finance)"
    assert details["requested"] == "you asked for this mentor"
    assert details["format"] == "both prefer virtual meetings"
    assert details["interests"] == "shares 1 interest outside work: chess"


def test_contributions_add_up_to_the_score_and_come_largest_first(explanation):
    contributions = [r.contribution for r in explanation.reasons]
    assert sum(contributions) == pytest.approx(explanation.score)
    assert contributions == sorted(contributions, reverse=True)
    assert len(contributions) == len(CRITERIA)


def test_summary_joins_only_sentences_that_added_to_the_score():
    mentee = PersonRecord(id=1, languages={"French"}, skills={"SQL": 1})
    mentor = PersonRecord(id=2, languages={"German"}, skills={"SQL": 5})
    scores = FeatureScores(
        build_features([mentee], [mentor]),
        ScoringConfig(weights={"skills": 2, "language": 1}),
    )
    pair = explain_pairs(scores, [0], [0])[0]
    assert pair.summary() == "shares 1 of 1 skills you want to develop: SQL"
    assert pair.reasons[-1].detail == PAIR_TEMPLATES["language_none"]
    assert pair.reasons[0].contribution == pytest.approx(2 / 3)


def test_a_junior_mentor_is_described_as_more_junior():
    scores = FeatureScores(
        build_features([PersonRecord(id=1, level=5)], [PersonRecord(id=2, level=4)]),
        ScoringConfig(weights={"seniority": 1}),
    )
    assert explain_pairs(scores, [0], [0])[0].reasons[0].detail == "one level more junior"


def unmatched(mentees, mentors, assignment, capacities, min_score=0.0, codes=None, **kw):
    features = build_features(mentees, mentors, **kw)
    scores = FeatureScores(features, ScoringConfig(weights={"language": 1, "skills": 1}))
    return explain_unmatched(scores, assignment, capacities, min_score, codes)


def test_a_mentee_excluded_from_every_mentor_is_told_which_rules_did_it():
    mentee = PersonRecord(id=1, management_chain=(2,))
    mentors = [PersonRecord(id=2), PersonRecord(id=3)]
    [reason] = unmatched([mentee], mentors, [-1], [1, 1], avoided={0: [1]})
    assert reason.code == "excluded_by_hard_rules"
    assert reason.detail == "every mentor is excluded by a hard rule (management chain, avoid list)"


def test_an_ineligible_mentee_is_told_so():
    [reason] = unmatched([PersonRecord(id=1, eligible=False)], [PersonRecord(id=2)], [-1], [1])
    assert reason.detail == UNMATCHED_TEMPLATES["mentee_ineligible"]


def test_a_mentee_whose_best_score_is_below_the_minimum_is_told_the_minimum():
    mentee = PersonRecord(id=1, languages={"en"}, skills={"SQL": 1})
    [reason] = unmatched([mentee], [PersonRecord(id=2, languages={"en"})], [-1], [1], 0.9)
    assert reason.code == "no_acceptable_mentor"
    assert reason.detail == "no mentor scores above the minimum 0.90 (best possible: 0.50)"


def test_a_mentee_whose_compatible_mentors_are_full_is_told_so():
    mentees = [PersonRecord(id=1, languages={"en"}), PersonRecord(id=2, languages={"en"})]
    mentors = [PersonRecord(id=3, languages={"en"}), PersonRecord(id=4, languages={"de"})]
    [reason] = unmatched(mentees, mentors, [0, -1], [1, 1], min_score=0.4)
    assert reason.mentee == 1 and reason.code == "compatible_mentors_full"
    assert reason.detail.startswith("all compatible mentors were full")
    assert "0.40" in reason.detail


def test_a_mentee_left_out_while_mentors_had_room_is_told_the_matching_chose_others():
    [reason] = unmatched([PersonRecord(id=1)], [PersonRecord(id=2)], [-1], [1])
    assert reason.code == "not_selected"


def test_solver_codes_that_the_scores_cannot_reveal_are_kept():
    reasons = unmatched(
        [PersonRecord(id=1), PersonRecord(id=2)],
        [PersonRecord(id=3)],
        [-1, -1],
        [2],
        codes=["circle_not_opened", None],
    )
    assert [r.code for r in reasons] == ["circle_not_opened", "not_selected"]
    assert reasons[0].detail == UNMATCHED_TEMPLATES["circle_not_opened"]


class ArrayScores:
    def __init__(self, matrix):
        self.matrix = matrix
        self.shape = matrix.shape

    def block(self, start, stop):
        return self.matrix[start:stop]


def test_unmatched_reasons_work_for_any_score_source():
    source = ArrayScores(np.array([[np.nan, np.nan], [0.2, 0.9], [0.8, 0.1]]))
    reasons = explain_unmatched(source, [-1, -1, 0], [1, 1], min_score=0.5)
    assert [r.code for r in reasons] == ["excluded_by_hard_rules", "not_selected"]


def test_a_batch_of_pairs_gets_the_same_sentences_as_each_pair_alone():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from profiles import real_features
    from tandem.matching.explain import _Describer
    from tandem.matching.scoring import FeatureScores as Scores

    scores = Scores(real_features(80, 30, seed=5))
    rng = np.random.default_rng(0)
    mentees, mentors = rng.integers(0, 80, 60), rng.integers(0, 30, 60)
    batch = explain_pairs(scores, mentees, mentors)
    one_by_one = _Describer(scores)  # set lookups per pair, no batch products
    for pair, i, j in zip(batch, mentees.tolist(), mentors.tolist(), strict=True):
        details = {r.criterion: r.detail for r in pair.reasons}
        for name in ("skills", "language", "interests"):
            assert details[name] == getattr(one_by_one, name)(i, j, 0.5)
    assert any("shares" in b.summary() for b in batch)
