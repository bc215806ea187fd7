"""translate.py builds the engine's arrays from the database."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.matchmaking import translate
from tandem.matchmaking.models import ExcludedPair
from tandem.relationships.services import create_relationship
from tests.factories import PersonFactory

from .conftest import add_profile, enrol, make_cohort

pytestmark = pytest.mark.django_db


def _cohort(program, **kwargs):
    return translate.load_cohort(program, weights=translate.program_weights(program), **kwargs)


def test_levels_skills_and_languages_reach_the_feature_arrays():
    c = make_cohort(mentors=2, mentees=3)
    cohort = _cohort(c.program)
    assert cohort.features.mentees.levels.tolist() == [3.0, 3.0, 3.0]
    assert cohort.features.mentors.levels.tolist() == [5.0, 5.0]
    assert "SQL" in cohort.features.vocabulary.skills
    assert cohort.features.vocabulary.languages == ("English",)
    assert [p.pk for p in cohort.mentees] == [p.pk for p in c.mentees]
    assert cohort.capacities.tolist() == [2, 2]


def test_the_mentees_manager_chain_forbids_the_pair():
    c = make_cohort(mentors=2, mentees=1)
    boss = c.mentors[0].person
    middle = PersonFactory(manager=boss)
    mentee = c.mentees[0].person
    mentee.manager = middle
    mentee.save()
    cohort = _cohort(c.program)
    assert cohort.features.mentees.chains[0] == (middle.pk, boss.pk)
    row = cohort.scores.block(0, 1)[0]
    assert np.isnan(row[0])
    assert not np.isnan(row[1])
    assert translate.forbidding_rules(cohort, c.mentees[0].pk, c.mentors[0].pk) == [
        "management chain"
    ]


def test_an_excluded_former_pair_is_forbidden():
    c = make_cohort(mentors=2, mentees=1)
    ExcludedPair.objects.create(program=c.program, mentee=c.mentees[0], mentor=c.mentors[1])
    row = _cohort(c.program).scores.block(0, 1)[0]
    assert not np.isnan(row[0])
    assert np.isnan(row[1])


def test_capacities_subtract_locked_pairs_and_open_relationships():
    c = make_cohort(mentors=2, mentees=4, capacity=2)
    create_relationship(
        program=c.program,
        mentor=c.mentors[1],
        mentees=[c.mentees[3]],
        kind="pair",
        actor=c.manager.user,
        notify=False,
    )
    cohort = _cohort(c.program, locked=[(c.mentees[0].pk, c.mentors[0].pk)])
    assert cohort.capacities.tolist() == [1, 1]
    assert c.mentees[0].pk not in [p.pk for p in cohort.mentees]  # locked: out of the pool
    assert c.mentees[3].pk not in [p.pk for p in cohort.mentees]  # matched: out of the pool


def test_only_approved_mentees_enter_the_pool():
    c = make_cohort(mentors=1, mentees=1)
    enrol(c.program, PersonFactory(), "mentee", status="applied")
    enrol(c.program, PersonFactory(), "mentee", status="waitlisted")
    assert len(_cohort(c.program).mentees) == 1


def test_a_level_gap_below_the_minimum_is_forbidden():
    c = make_cohort(mentors=1, mentees=1)
    c.program.constraints = {"min_level_gap": 3}
    c.program.save()
    assert np.isnan(_cohort(c.program).scores.block(0, 1)[0, 0])  # gap is 2


def test_criteria_without_data_are_left_out_of_the_weights():
    c = make_cohort(mentors=1, mentees=1)
    cohort = translate.load_cohort(c.program, weights={"skills": 1, "interests": 1})
    assert cohort.settings.weights == {"skills": 1.0}
    assert cohort.settings.ignored == ("interests",)


def test_department_any_drops_the_department_criterion():
    c = make_cohort(mentors=1, mentees=1)
    c.program.constraints = {"department": "any"}
    settings = translate.scoring_settings(c.program, {"skills": 1, "department": 2})
    assert settings.weights == {"skills": 1.0}


def test_peer_programs_put_the_same_peers_on_both_sides():
    c = make_cohort(mentors=2, mentees=2, program_type="peer")
    cohort = _cohort(c.program)
    assert cohort.kind == "peer"
    assert [p.pk for p in cohort.mentees] == [p.pk for p in cohort.mentors]
    sym = translate.peer_scores(cohort)
    assert np.allclose(np.nan_to_num(sym), np.nan_to_num(sym.T))
    assert np.isnan(np.diag(sym)).all()


def test_mentor_text_includes_bio_and_expertise_and_mentee_text_the_goals():
    c = make_cohort(mentors=1, mentees=1)
    add_profile(c.mentees[0].person, goals="Grow into engineering leadership")
    cohort = _cohort(c.program)
    assert "leadership" in cohort.features.mentees.texts[0]
    assert "Expert in SQL" in cohort.features.mentors.texts[0]


def test_fairness_suppresses_groups_under_five():
    outcomes = [translate.Outcome("A", 3, "X", True, 0.8)] * 5 + [
        translate.Outcome("B", 3, "X", False, None)
    ] * 2
    report = translate.fairness_of(outcomes)
    groups = {g["label"]: g for g in report["department"]["groups"]}
    assert groups["A"]["match_rate"] == 1.0
    assert groups["B"]["suppressed"] is True and groups["B"]["size"] is None
