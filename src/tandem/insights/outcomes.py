"""Outcomes against a comparison group: coarsened exact matching, then honest intervals.

Pure functions on plain records (no database), so they are tested on generated data with a
planted effect. The method, in words (docs/insights.md says the same):

1. Everyone is described on the index date by department, level, tenure band and location.
2. Coarsened exact matching: people with the same four values form a stratum; in each
   stratum with participants and comparable non-participants, as many of each are kept at
   random (seeded) as the smaller side has. Unpaired people are left out. The work is done on
   grouped counts (``Cell``: people alike in stratum, group and follow-up), so the random
   draw is a multivariate hypergeometric draw of counts (numpy) — the same distribution as
   drawing the people one by one.
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
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


Stratum = tuple[str, str, str, str]


@dataclass(frozen=True, order=True)
class Cell:
    """``count`` people alike in everything the comparison uses."""

    treated: bool
    stratum: Stratum  # department, level, tenure band, location
    time: float  # days to the event or the end of follow-up, at most the horizon
    event: bool  # the event happened within the horizon
    followed: bool  # counted in the rate: followed for the whole horizon, or the event came
    count: int


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


def cells(subjects: list[Subject], horizon: float) -> list[Cell]:
    """Group people who are alike in everything the comparison uses (the database does the
    same in SQL, so the page never holds one record per person)."""
    counts: Counter[tuple[bool, Stratum, float, bool, bool]] = Counter()
    for s in subjects:
        event = s.event_day is not None and s.event_day <= horizon
        time = min(s.event_day if s.event_day is not None else s.followed_days, horizon)
        stratum = (s.department, s.level, s.tenure_band, s.location)
        counts[(s.treated, stratum, time, event, event or s.followed_days >= horizon)] += 1
    return [Cell(*key, count=n) for key, n in sorted(counts.items())]


def _draw(rng: np.random.Generator, side: list[Cell], k: int) -> list[Cell]:
    """``k`` people drawn at random without replacement from ``side``, as cells."""
    if k == sum(c.count for c in side):
        return side
    drawn = rng.multivariate_hypergeometric([c.count for c in side], k)
    return [
        Cell(c.treated, c.stratum, c.time, c.event, c.followed, int(n))
        for c, n in zip(side, drawn, strict=True)
        if n
    ]


def _follow_up(c: Cell) -> tuple[float, bool, bool, int]:
    return c.time, c.event, c.followed, c.count


def match(groups: list[Cell], seed: int = 0) -> list[Cell]:
    """Coarsened exact matching on grouped counts: in each stratum, as many participants and
    comparable colleagues as the smaller side has, drawn at random (seeded)."""
    rng = np.random.default_rng(seed)
    strata: dict[Stratum, list[list[Cell]]] = defaultdict(lambda: [[], []])
    for c in groups:
        strata[c.stratum][0 if c.treated else 1].append(c)
    kept: list[Cell] = []
    for key in sorted(strata):
        treated, controls = (sorted(side, key=_follow_up) for side in strata[key])
        k = min(sum(c.count for c in treated), sum(c.count for c in controls))
        if k:
            kept += _draw(rng, treated, k) + _draw(rng, controls, k)
    return kept


def _smd(p_t: float, p_c: float) -> float:
    pooled = math.sqrt((p_t * (1 - p_t) + p_c * (1 - p_c)) / 2)
    return 0.0 if pooled == 0 else (p_t - p_c) / pooled


def balance(groups: list[Cell]) -> dict[str, float]:
    """Largest absolute SMD over each covariate's categories (0 when a group is empty)."""
    sizes: Counter[tuple[bool, Stratum]] = Counter()
    for c in groups:
        sizes[(c.treated, c.stratum)] += c.count
    n_t = sum(n for (treated, _), n in sizes.items() if treated)
    n_c = sum(sizes.values()) - n_t
    out = {}
    for i, name in enumerate(COVARIATES):
        if not n_t or not n_c:
            out[name] = 0.0
            continue
        treated: Counter[str] = Counter()
        controls: Counter[str] = Counter()
        for (is_treated, stratum), n in sizes.items():
            (treated if is_treated else controls)[stratum[i]] += n
        out[name] = max(
            abs(_smd(treated[v] / n_t, controls[v] / n_c)) for v in set(treated) | set(controls)
        )
    return out


def _rate(events: int, n: int) -> dict[str, Any]:
    if n == 0:
        return {"n": 0, "events": 0, "rate": None, "ci_low": None, "ci_high": None}
    low, high = proportion_confint(events, n, alpha=0.05, method="wilson")
    return {"n": n, "events": events, "rate": events / n, "ci_low": low, "ci_high": high}


def _followed(group: list[Cell]) -> tuple[int, int]:
    """(events, people) among those followed for the whole horizon or until the event."""
    followed = [c for c in group if c.followed]
    return sum(c.count for c in followed if c.event), sum(c.count for c in followed)


def _curve(group: list[Cell], horizon: float) -> list[dict[str, float]]:
    if sum(c.count for c in group) < 2:
        return []
    if not any(c.event for c in group):
        return [{"day": 0.0, "survival": 1.0}, {"day": float(horizon), "survival": 1.0}]
    fit = SurvfuncRight(
        np.array([c.time for c in group]),
        np.array([int(c.event) for c in group]),
        freq_weights=np.array([float(c.count) for c in group]),
    )
    points = [{"day": 0.0, "survival": 1.0}]
    points += [
        {"day": float(t), "survival": float(p)}
        for t, p in zip(fit.surv_times, fit.surv_prob, strict=True)
    ]
    return points


def compare(subjects: list[Subject], horizon_days: float, seed: int = 0) -> Comparison:
    """The comparison on plain records (tests, small data): grouped, then compared."""
    return compare_cells(cells(subjects, horizon_days), horizon_days, seed)


def compare_cells(groups: list[Cell], horizon_days: float, seed: int = 0) -> Comparison:
    before = balance(groups)
    matched = match(groups, seed)
    after = balance(matched)
    treated = [c for c in matched if c.treated]
    controls = [c for c in matched if not c.treated]
    e1, n1 = _followed(treated)
    e2, n2 = _followed(controls)
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
