"""Survey statistics, from statsmodels: a mean's t interval; NPS as the mean of +1/0/−1."""

from __future__ import annotations

import math
from dataclasses import dataclass

from statsmodels.stats.weightstats import DescrStatsW


@dataclass(frozen=True)
class Estimate:
    value: float
    ci_low: float | None
    ci_high: float | None


def _finite(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def mean_interval(values: list[int], alpha: float = 0.05) -> Estimate:
    """The mean with its Student-t 95 % interval (none for fewer than two answers)."""
    stats = DescrStatsW(values)
    if len(values) < 2:
        return Estimate(float(stats.mean), None, None)
    low, high = stats.tconfint_mean(alpha=alpha)
    return Estimate(float(stats.mean), _finite(low), _finite(high))


def nps_scores(values: list[int]) -> list[int]:
    return [1 if v >= 9 else -1 if v <= 6 else 0 for v in values]


def nps_interval(values: list[int], alpha: float = 0.05) -> Estimate:
    """Net Promoter Score (−100…100): 100 × the mean of promoter +1, passive 0, detractor −1,
    with the t interval of that mean (equal to the usual trinomial variance formula)."""
    est = mean_interval(nps_scores(values), alpha)
    return Estimate(100 * est.value, _scaled(est.ci_low), _scaled(est.ci_high))


def _scaled(x: float | None) -> float | None:
    return None if x is None else 100 * x
