"""Intervals from statsmodels: Wilson for a rate, Student t for a mean."""

from __future__ import annotations

import math
from typing import Any

from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def rate(events: int, n: int) -> dict[str, Any]:
    """``{n, events, rate, ci_low, ci_high}`` with the Wilson score 95 % interval."""
    if n == 0:
        return {"n": 0, "events": 0, "rate": None, "ci_low": None, "ci_high": None}
    low, high = proportion_confint(events, n, alpha=0.05, method="wilson")
    return {"n": n, "events": events, "rate": events / n, "ci_low": low, "ci_high": high}


def mean(values: list[float]) -> dict[str, Any]:
    """``{n, mean, ci_low, ci_high}`` with the Student-t 95 % interval."""
    if not values:
        return {"n": 0, "mean": None, "ci_low": None, "ci_high": None}
    stats = DescrStatsW(values)
    if len(values) < 2:
        return {"n": 1, "mean": float(stats.mean), "ci_low": None, "ci_high": None}
    low, high = stats.tconfint_mean(alpha=0.05)
    return {
        "n": len(values),
        "mean": float(stats.mean),
        "ci_low": _clean(low),
        "ci_high": _clean(high),
    }


def nps(scores: list[int]) -> dict[str, Any]:
    """Net Promoter Score: 100 × mean of +1 (9–10) / 0 (7–8) / −1 (0–6), with its t interval."""
    coded = [1 if v >= 9 else -1 if v <= 6 else 0 for v in scores]
    m = mean([float(c) for c in coded])
    scale = 100.0
    return {
        "n": m["n"],
        "score": None if m["mean"] is None else scale * m["mean"],
        "ci_low": None if m["ci_low"] is None else scale * m["ci_low"],
        "ci_high": None if m["ci_high"] is None else scale * m["ci_high"],
    }
