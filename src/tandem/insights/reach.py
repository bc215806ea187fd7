"""Reach: who takes part compared with the organisation's composition.

For each group (department, job level, location or a self-declared demographic): its
employees, its participants, the participation rate, its share of the participants and of
the organisation, and the reach ratio (share of participants ÷ share of the organisation;
1 means the group takes part in proportion to its size). A fixed number of grouped
queries, whatever the organisation's size. The small-group rule applies to every grouping
(demographic groups included, always): see :func:`suppressed_groups`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, QuerySet

from tandem.core.smallgroups import hidden_groups
from tandem.people.demographics import CHOICES, FIELD_LABELS, NOT_DECLARED, label_of
from tandem.people.models import Person
from tandem.programs.models import Participant, Program

from .kpis import Filters

THRESHOLD = 5
TAKING_PART = [Participant.Status.APPROVED, Participant.Status.MATCHED]
DEMOGRAPHIC_FIELDS = tuple(CHOICES)
GROUPINGS = ("department", "level", "location", *DEMOGRAPHIC_FIELDS)
GROUPING_LABELS = {
    "department": "Department",
    "level": "Job level",
    "location": "Location",
    **{f: f"{FIELD_LABELS[f]} (self-declared)" for f in DEMOGRAPHIC_FIELDS},
}
_COLUMNS = {
    "department": "department",
    "level": "job_level",
    "location": "location",
    **{f: f"demographics__{f}" for f in DEMOGRAPHIC_FIELDS},
}


def population(f: Filters) -> QuerySet[Person]:
    """Everyone employed now (active or on leave), narrowed by the people filters."""
    return Person.objects.exclude(status=Person.Status.TERMINATED).filter(f.people_q(""))


def taking_part(programs: Iterable[Program], f: Filters) -> QuerySet[Participant]:
    """Approved or matched participations in the programs, in the date range if given."""
    rows = Participant.objects.filter(program__in=list(programs), status__in=TAKING_PART)
    if f.date_from:
        rows = rows.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(created_at__date__lte=f.date_to)
    return rows


def group_label(by: str, value: Any) -> str:
    if by in DEMOGRAPHIC_FIELDS:
        return label_of(by, value)
    if by == "level":
        return "No level" if value is None else f"Level {value}"
    return value or f"No {by}"


def count_by(people: QuerySet[Person], by: str) -> Counter[str]:
    column = _COLUMNS[by]
    counts: Counter[str] = Counter()
    for row in people.values(column).annotate(n=Count("pk")).order_by():
        counts[group_label(by, row[column])] += row["n"]
    return counts


def suppressed_groups(
    employees: Mapping[str, int], participants: Mapping[str, int], threshold: int = THRESHOLD
) -> set[str]:
    """Groups hidden because either count is under the threshold, and more (smallest first)
    until the hidden ones together hold at least ``threshold`` employees and either no
    participant or at least ``threshold`` — so no hidden group follows by subtraction."""
    hidden = hidden_groups(employees, threshold) | hidden_groups(participants, threshold)

    def leaks() -> bool:
        people = sum(employees.get(h, 0) for h in hidden)
        taking = sum(participants.get(h, 0) for h in hidden)
        return len(hidden) == 1 or people < threshold or 0 < taking < threshold

    shown = sorted(
        (participants.get(g, 0), n, g) for g, n in employees.items() if g not in hidden and n > 0
    )
    while hidden and shown and leaks():
        hidden.add(shown.pop(0)[2])
    return hidden


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def reach(programs: list[Program], by: str, f: Filters | None = None) -> dict[str, Any]:
    """The reach table of one grouping over the programs' participants."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    f = f or Filters()
    people = population(f)
    part_people = people.filter(pk__in=taking_part(programs, f).values("person_id"))
    employees = count_by(people, by)
    participants = count_by(part_people, by)
    total_e, total_p = sum(employees.values()), sum(participants.values())
    too_few = 0 < total_e < THRESHOLD
    hidden = set(employees) if too_few else suppressed_groups(employees, participants)
    groups = []
    for label, n in sorted(employees.items(), key=lambda kv: (kv[0] == NOT_DECLARED, -kv[1])):
        if label in hidden:
            groups.append({"label": label, "suppressed": True, **dict.fromkeys(_FIGURES)})
            continue
        p = participants.get(label, 0)
        share_p, share_o = _share(p, total_p), _share(n, total_e)
        groups.append(
            {
                "label": label,
                "suppressed": False,
                "employees": n,
                "participants": p,
                "participation_rate": _share(p, n),
                "share_of_participants": share_p,
                "share_of_org": share_o,
                "reach_ratio": share_p / share_o if share_p is not None and share_o else None,
            }
        )
    return {
        "by": by,
        "grouping": GROUPING_LABELS[by],
        "threshold": THRESHOLD,
        "employees": None if too_few else total_e,
        "participants": None if too_few else total_p,
        "participation_rate": None if too_few else _share(total_p, total_e),
        "groups": groups,
        "suppressed": len(hidden),
    }


HIDDEN = "hidden (small group)"
_FIGURES = (
    "employees",
    "participants",
    "participation_rate",
    "share_of_participants",
    "share_of_org",
    "reach_ratio",
)


def reach_table(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The reach table for CSV/XLSX: one row per group, hidden groups say so."""

    def cell(x: Any) -> Any:
        return "" if x is None else round(x, 3) if isinstance(x, float) else x

    header = [result["grouping"], *(_f.replace("_", " ") for _f in _FIGURES)]
    rows = [
        [
            g["label"],
            *(("hidden (small group)" if g["suppressed"] else cell(g[k])) for k in _FIGURES),
        ]
        for g in result["groups"]
    ]
    rows.append(
        [
            "All",
            result["employees"],
            result["participants"],
            cell(result["participation_rate"]),
            "",
            "",
            "",
        ]
    )
    return header, rows
