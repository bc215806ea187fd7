"""Outcomes against a comparison group: coarsened exact matching, then honest intervals.

Pure functions on plain records (no database), so they are tested on generated data with a
planted effect. The method, in words (docs/insights.md says the same):

1. Everyone is described on the index date by department, level, tenure band and location.
2. Coarsened exact matching: people with the same four values form a stratum; in each
   stratum with participants and comparable non-participants, as many of each are paired at
   random (seeded) as the smaller side has. Unpaired people are left out.
3. Balance: standardised mean differences (SMD) of each covariate's categories, before and
   after matching; the largest absolute SMD per covariate is shown.
4. The outcome is "the event happened within the horizon" among people followed that long;
   rates with Wilson 95 % intervals, the risk difference with Newcombe's hybrid score
   interval (``confint_proportions_2indep(method="newcomb")``), and Kaplan–Meier curves
   (``SurvfuncRight``) of the time to the event for both matched groups.
5. Too few matched people (under ``MIN_MATCHED`` per group) or an SMD above ``MAX_SMD`` after
   matching: no conclusion, said in words.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from statsmodels.duration.survfunc import SurvfuncRight
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

COVARIATES = ("department", "level", "tenure_band", "location")
MIN_MATCHED = 30
MAX_SMD = 0.1


@dataclass(frozen=True)
class Subject:
    id: int
    treated: bool
    department: str
    level: str
    tenure_band: str
    location: str
    followed_days: float
    event_day: float | None = None


@dataclass
class Comparison:
    participants: dict[str, Any]
    comparison: dict[str, Any]
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    balance: list[dict[str, Any]]
    enough_data: bool
    message: str
    curves: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    method: str = "coarsened exact matching (1:1 within strata); Newcombe hybrid score interval"


def tenure_band(years: float) -> str:
    for limit, label in ((1, "<1y"), (3, "1-3y"), (5, "3-5y"), (10, "5-10y")):
        if years < limit:
            return label
    return "10y+"


def match(subjects: list[Subject], seed: int = 0) -> list[Subject]:
    rng = random.Random(seed)
    strata: dict[tuple[str, ...], list[list[Subject]]] = defaultdict(lambda: [[], []])
    for s in subjects:
        strata[tuple(getattr(s, c) for c in COVARIATES)][0 if s.treated else 1].append(s)
    kept: list[Subject] = []
    for key in sorted(strata):
        treated, controls = strata[key]
        k = min(len(treated), len(controls))
        if k:
            kept += rng.sample(sorted(treated, key=lambda s: s.id), k)
            kept += rng.sample(sorted(controls, key=lambda s: s.id), k)
    return kept


def _smd(p_t: float, p_c: float) -> float:
    pooled = math.sqrt((p_t * (1 - p_t) + p_c * (1 - p_c)) / 2)
    return 0.0 if pooled == 0 else (p_t - p_c) / pooled


def balance(subjects: list[Subject]) -> dict[str, float]:
    """Largest absolute SMD over each covariate's categories (0 when a group is empty)."""
    n_t = sum(1 for s in subjects if s.treated)
    n_c = len(subjects) - n_t
    out = {}
    for c in COVARIATES:
        if not n_t or not n_c:
            out[c] = 0.0
            continue
        treated = Counter(getattr(s, c) for s in subjects if s.treated)
        controls = Counter(getattr(s, c) for s in subjects if not s.treated)
        out[c] = max(
            abs(_smd(treated[v] / n_t, controls[v] / n_c)) for v in set(treated) | set(controls)
        )
    return out


def _rate(events: int, n: int) -> dict[str, Any]:
    if n == 0:
        return {"n": 0, "events": 0, "rate": None, "ci_low": None, "ci_high": None}
    low, high = proportion_confint(events, n, alpha=0.05, method="wilson")
    return {"n": n, "events": events, "rate": events / n, "ci_low": low, "ci_high": high}


def _followed(group: list[Subject], horizon: float) -> tuple[int, int]:
    eligible = [
        s
        for s in group
        if s.followed_days >= horizon or (s.event_day is not None and s.event_day <= horizon)
    ]
    events = sum(1 for s in eligible if s.event_day is not None and s.event_day <= horizon)
    return events, len(eligible)


def _curve(group: list[Subject], horizon: float) -> list[dict[str, float]]:
    if len(group) < 2:
        return []
    times = [
        min(s.event_day if s.event_day is not None else s.followed_days, horizon) for s in group
    ]
    status = [int(s.event_day is not None and s.event_day <= horizon) for s in group]
    if not any(status):
        return [{"day": 0.0, "survival": 1.0}, {"day": float(horizon), "survival": 1.0}]
    fit = SurvfuncRight(times, status)
    points = [{"day": 0.0, "survival": 1.0}]
    points += [
        {"day": float(t), "survival": float(p)}
        for t, p in zip(fit.surv_times, fit.surv_prob, strict=True)
    ]
    return points


def compare(subjects: list[Subject], horizon_days: float, seed: int = 0) -> Comparison:
    before = balance(subjects)
    matched = match(subjects, seed)
    after = balance(matched)
    treated = [s for s in matched if s.treated]
    controls = [s for s in matched if not s.treated]
    e1, n1 = _followed(treated, horizon_days)
    e2, n2 = _followed(controls, horizon_days)
    rows = [{"covariate": c, "smd_before": before[c], "smd": after[c]} for c in COVARIATES]
    worst = max(after.values()) if matched else math.inf
    result = Comparison(_rate(e1, n1), _rate(e2, n2), None, None, None, rows, False, "")
    if min(n1, n2) < MIN_MATCHED:
        result.message = (
            f"Not enough data for a conclusion: {n1} participants and {n2} comparable "
            f"colleagues could be followed for the whole horizon; at least {MIN_MATCHED} of "
            "each are needed."
        )
        return result
    if worst > MAX_SMD:
        result.message = (
            f"The groups are not comparable enough (largest standardised difference {worst:.2f} "
            f"> {MAX_SMD}); no conclusion is drawn."
        )
        return result
    low, high = confint_proportions_2indep(e1, n1, e2, n2, method="newcomb", compare="diff")
    result.difference = e1 / n1 - e2 / n2
    result.ci_low, result.ci_high = float(low), float(high)
    result.enough_data = True
    result.curves = {
        "participants": _curve(treated, horizon_days),
        "comparison": _curve(controls, horizon_days),
    }
    if low > 0 or high < 0:
        result.message = (
            "The difference is unlikely to be chance alone at the 95 % level. Matching makes "
            "the groups alike on department, level, tenure and location only: people who choose "
            "to join a program may differ in ways these do not capture, so this is evidence of "
            "association, not proof that the program caused it."
        )
    else:
        result.message = (
            "The interval includes no difference: these data cannot tell the program's effect "
            "apart from chance."
        )
    return result
