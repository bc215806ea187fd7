"""The outcome comparison: statsmodels' intervals, balance, and a planted effect recovered."""

from __future__ import annotations

import random

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from tandem.insights.outcomes import Subject, balance, cells, compare, match, tenure_band

DEPARTMENTS = ["Sales", "Engineering", "Finance", "Support"]
LEVELS = ["1", "2", "3", "4"]
LOCATIONS = ["Paris", "Leeds"]


def _population(n: int, effect: float, seed: int = 7) -> list[Subject]:
    """Participation depends on department and level (confounding); leaving depends on level
    and on participation (the planted effect: ``effect`` fewer leavers among participants)."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        dept, level = rng.choice(DEPARTMENTS), rng.choice(LEVELS)
        treated = rng.random() < (0.3 if dept == "Engineering" else 0.05) + 0.12 * int(level)
        base = 0.42 - 0.08 * int(level)
        leaves = rng.random() < base - (effect if treated else 0)
        people.append(
            Subject(
                id=i,
                treated=treated,
                department=dept,
                level=level,
                tenure_band=tenure_band(rng.uniform(0, 12)),
                location=rng.choice(LOCATIONS),
                followed_days=400,
                event_day=rng.uniform(1, 365) if leaves else None,
            )
        )
    return people


def test_the_difference_interval_is_statsmodels_newcombe_and_the_rates_wilson():
    result = compare(_population(4000, 0.08), horizon_days=365)
    p, c = result.participants, result.comparison
    low, high = confint_proportions_2indep(
        p["events"], p["n"], c["events"], c["n"], method="newcomb", compare="diff"
    )
    assert (result.ci_low, result.ci_high) == (pytest.approx(low), pytest.approx(high))
    w_low, w_high = proportion_confint(p["events"], p["n"], method="wilson")
    assert (p["ci_low"], p["ci_high"]) == (pytest.approx(w_low), pytest.approx(w_high))
    assert result.difference == pytest.approx(p["rate"] - c["rate"])


def test_the_matched_comparison_recovers_a_planted_effect_that_the_raw_rates_distort():
    people = _population(6000, 0.08)
    result = compare(people, horizon_days=365)
    assert result.enough_data
    assert result.ci_low < -0.08 < result.ci_high
    assert result.ci_high < 0
    raw_t = [s for s in people if s.treated]
    raw_c = [s for s in people if not s.treated]
    raw = sum(s.event_day is not None for s in raw_t) / len(raw_t) - sum(
        s.event_day is not None for s in raw_c
    ) / len(raw_c)
    assert raw < -0.1, "without matching, confounding by level inflates the effect"
    assert all(row["smd"] == pytest.approx(0) for row in result.balance)
    assert (
        result.curves["participants"][-1]["survival"] > result.curves["comparison"][-1]["survival"]
    )


def test_no_effect_gives_an_interval_around_zero_and_says_so():
    result = compare(_population(6000, 0.0, seed=3), horizon_days=365)
    assert result.enough_data and result.ci_low < 0 < result.ci_high
    assert "cannot tell" in result.message


def test_too_few_people_gives_words_not_a_number():
    result = compare(_population(80, 0.08), horizon_days=365)
    assert not result.enough_data and result.difference is None
    assert result.message.startswith("Not enough data")


def test_matching_pairs_within_strata_and_balances_every_covariate():
    groups = cells(_population(2000, 0.0), horizon=365)
    matched = match(groups)
    assert sum(c.count for c in matched if c.treated) * 2 == sum(c.count for c in matched)
    assert max(balance(groups).values()) > 0.1
    assert max(balance(matched).values()) == pytest.approx(0)


def test_matching_keeps_every_person_of_the_smaller_side_and_draws_the_rest_by_seed():
    groups = cells(_population(2000, 0.0), horizon=365)
    first, again, other = match(groups, seed=4), match(groups, seed=4), match(groups, seed=5)
    assert first == again and first != other
    for key in {c.stratum for c in groups}:
        sides = [
            sum(c.count for c in groups if c.stratum == key and c.treated == t) for t in (1, 0)
        ]
        kept = [sum(c.count for c in first if c.stratum == key and c.treated == t) for t in (1, 0)]
        assert kept == [min(sides)] * 2
