"""The fairness table's self-declared demographic groupings (gender, ethnicity, age band,
disability): aggregate-only, under the small-group rule.

People who did not answer are left out (as an unknown department is). A group under 5 is
suppressed, and so is the next-smallest (``tandem.core.smallgroups``), so a hidden group
cannot be recovered from the others; suppressed groups take no part in the gaps. Nothing
per person leaves this module: only group counts, rates and mean scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tandem.core.smallgroups import hidden_groups
from tandem.matching.fairness import MIN_GROUP_SIZE, fairness_report
from tandem.people.demographics import CHOICES, FIELD_LABELS

DEMOGRAPHIC_GROUPINGS = tuple(CHOICES)
LABELS = {f: f"{FIELD_LABELS[f].split(' or ')[0].lower()} (self-declared)" for f in CHOICES}


def demographic_labels(field: str, answers: Sequence[Mapping[str, str | None]]) -> list[Any]:
    """Each mentee's group label for one field; None when not answered."""
    return [CHOICES[field].get(a.get(field) or "") if a.get(field) else None for a in answers]


def grouped_report(
    labels: Sequence[Any], assignment: np.ndarray, scores: np.ndarray
) -> dict[str, Any]:
    """``fairness_report`` with the next-smallest rule: hidden groups are left out of the
    figures and the gaps, and listed as suppressed."""
    sizes = Counter(str(x) for x in labels if x is not None)
    hidden = hidden_groups(sizes, MIN_GROUP_SIZE)
    include = np.array([x is not None and str(x) not in hidden for x in labels], dtype=bool)
    report = fairness_report(list(labels), assignment, scores, include=include)
    groups = [
        {
            "label": g.label,
            "suppressed": g.suppressed,
            "size": g.size,
            "matched": g.matched,
            "match_rate": _round(g.match_rate),
            "mean_score": _round(g.mean_score),
        }
        for g in report.groups
        if g.label not in hidden
    ]
    groups += [
        {
            "label": label,
            "suppressed": True,
            "size": None,
            "matched": None,
            "match_rate": None,
            "mean_score": None,
        }
        for label in sorted(hidden)
    ]
    return {
        "groups": groups,
        "match_rate_gap": _round(report.match_rate_gap),
        "mean_score_gap": _round(report.mean_score_gap),
        "suppressed": sum(g["suppressed"] for g in groups),
        "min_group_size": report.min_group_size,
    }


def demographic_fairness(
    answers: Sequence[Mapping[str, str | None]], assignment: np.ndarray, scores: np.ndarray
) -> dict[str, Any]:
    return {
        field: grouped_report(demographic_labels(field, answers), assignment, scores)
        for field in DEMOGRAPHIC_GROUPINGS
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)
