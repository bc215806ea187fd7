"""Design rules: criteria weights, constraints, date order, the status workflow."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.core.errors import ConflictError, DomainError
from tandem.programs import design


def test_default_weights_use_exactly_the_engines_criteria_for_every_type():
    for program_type in design.DEFAULT_WEIGHTS:
        assert set(design.default_weights(program_type)) == set(design.CRITERIA)
    assert design.default_weights("one_on_one")["skills"] == 3


def test_reverse_mentoring_inverts_the_seniority_rule():
    constraints = design.default_constraints("reverse")
    low, high = constraints["preferred_level_gap"]
    assert low < 0 and high < 0
    assert constraints["max_level_gap"] == 0


def test_cross_functional_programs_prefer_another_department():
    assert design.default_constraints("cross_functional")["department"] == "different"
    weights = design.default_weights("cross_functional")
    assert weights["department"] > design.default_weights("one_on_one")["department"]


def test_an_unknown_criterion_is_refused_by_name():
    with pytest.raises(DomainError, match="“charisma”"):
        design.clean_weights({"skills": 1, "charisma": 2})


@pytest.mark.parametrize("value", [-1, 101, float("nan")])
def test_a_negative_or_absurd_weight_is_refused(value):
    with pytest.raises(DomainError, match="“skills”"):
        design.clean_weights({"skills": value})


def test_weights_cannot_all_be_zero():
    with pytest.raises(DomainError, match="above 0"):
        design.clean_weights({"skills": 0, "language": 0})


def test_constraints_are_validated():
    assert design.clean_constraints({"preferred_level_gap": [-4, -1], "department": "same"}) == {
        "preferred_level_gap": [-4, -1],
        "department": "same",
    }
    with pytest.raises(DomainError, match="“gender”"):
        design.clean_constraints({"gender": "any"})
    with pytest.raises(DomainError, match="low ≤ high"):
        design.clean_constraints({"preferred_level_gap": [3, 1]})
    with pytest.raises(DomainError, match="same"):
        design.clean_constraints({"department": "elsewhere"})
    with pytest.raises(DomainError, match="min_score"):
        design.clean_constraints({"min_score": 2})


def test_dates_must_be_in_order_and_the_message_names_the_pair():
    design.check_date_order({"enrollment_opens": dt.date(2025, 1, 1), "ends_on": None})
    with pytest.raises(DomainError) as exc:
        design.check_date_order(
            {"enrollment_closes": dt.date(2025, 3, 1), "matching_date": dt.date(2025, 2, 1)}
        )
    assert exc.value.message == (
        "Enrolment closes (2025-03-01) must be on or before the matching date (2025-02-01)."
    )
    assert exc.value.field == "matching_date"


def test_a_missing_date_in_the_middle_does_not_hide_a_wrong_order():
    with pytest.raises(DomainError, match=r"Enrolment opens .* the start date"):
        design.check_date_order(
            {"enrollment_opens": dt.date(2025, 5, 1), "starts_on": dt.date(2025, 4, 1)}
        )


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "enrolling"),
        ("enrolling", "matching"),
        ("matching", "active"),
        ("active", "closed"),
        ("matching", "enrolling"),
        ("enrolling", "closed"),
    ],
)
def test_legal_transitions_pass(current, target):
    design.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "active"),
        ("closed", "enrolling"),
        ("active", "draft"),
        ("enrolling", "active"),
    ],
)
def test_an_illegal_transition_is_a_conflict_naming_both_states(current, target):
    with pytest.raises(ConflictError) as exc:
        design.check_transition(current, target)
    assert f"from {current} to {target}" in exc.value.message
    assert exc.value.status_code == 409


def test_peer_programs_enrol_peers_and_the_others_mentors_and_mentees():
    assert design.roles_for_type("peer") == ("peer",)
    assert design.roles_for_type("reverse") == ("mentee", "mentor")
