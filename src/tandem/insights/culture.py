"""Culture indicators: does mentoring cross the organisation's lines?

Over the programs' started relationships: the share across departments and across job
levels, reverse mentoring (the mentor at a lower level than the mentee), mentors per 100
employees, confirmed mentoring moments per department, and the department-to-department
flow of mentoring (mentor's department → mentee's department). Flows and departments
under the threshold are hidden by the small-group rule. A fixed number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Q

from tandem.core.smallgroups import hidden_groups
from tandem.learning.models import Moment
from tandem.programs.models import Participant, Program
from tandem.relationships.models import Relationship, RelationshipMember

from . import statistics as stats
from .kpis import Filters
from .reach import THRESHOLD, count_by, population, taking_part

STARTED = [
    Relationship.Status.ACTIVE,
    Relationship.Status.PAUSED,
    Relationship.Status.COMPLETED,
    Relationship.Status.ENDED,
]
FLOW_SEPARATOR = " → "


def _members(programs: list[Program], f: Filters) -> dict[int, list[tuple[str, str, int | None]]]:
    """Each started relationship's members: (role, department, level)."""
    rels = Relationship.objects.filter(program__in=programs, status__in=STARTED)
    if f.narrows_people:
        chosen = RelationshipMember.objects.filter(f.people_q("participant__person__"))
        rels = rels.filter(pk__in=chosen.values("relationship_id"))
    if f.date_from:
        rels = rels.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        rels = rels.filter(created_at__date__lte=f.date_to)
    rows = RelationshipMember.objects.filter(relationship__in=rels).values_list(
        "relationship_id",
        "role",
        "participant__person__department",
        "participant__person__job_level",
    )
    out: dict[int, list[tuple[str, str, int | None]]] = defaultdict(list)
    for rel_id, role, department, level in rows:
        out[rel_id].append((role, department or "No department", level))
    return out


def _crossing(relationships: dict[int, list[tuple[str, str, int | None]]]) -> dict[str, Any]:
    departments = levels = reverse = 0
    with_levels = pairs = 0
    flows: Counter[str] = Counter()
    for members in relationships.values():
        departments += len({d for _, d, _ in members}) > 1
        member_levels = [lvl for _, _, lvl in members]
        if member_levels and None not in member_levels:
            with_levels += 1
            levels += len(set(member_levels)) > 1
        mentors = [m for m in members if m[0] == RelationshipMember.Role.MENTOR]
        mentees = [m for m in members if m[0] == RelationshipMember.Role.MENTEE]
        for mentor in mentors:
            for mentee in mentees:
                flows[f"{mentor[1]}{FLOW_SEPARATOR}{mentee[1]}"] += 1
                if mentor[2] is not None and mentee[2] is not None:
                    pairs += 1
                    reverse += mentor[2] < mentee[2]
    return {
        "across_departments": stats.rate(departments, len(relationships)),
        "across_levels": stats.rate(levels, with_levels),
        "reverse_mentoring": stats.rate(reverse, pairs),
        "flows": flows,
    }


def _flow_rows(flows: Counter[str]) -> tuple[list[dict[str, Any]], int]:
    hidden = hidden_groups(flows, THRESHOLD)
    shown = [
        {
            "mentor_department": key.split(FLOW_SEPARATOR)[0],
            "mentee_department": key.split(FLOW_SEPARATOR)[1],
            "relationships": n,
        }
        for key, n in flows.most_common()
        if key not in hidden
    ]
    return shown, len(hidden)


def _moments(programs: list[Program] | None, f: Filters) -> dict[str, Any]:
    """Confirmed moments given and received per department, per 100 employees."""
    moments = Moment.objects.filter(status=Moment.Status.CONFIRMED)
    if programs is not None:
        people = taking_part(programs, f).values("person_id")
        moments = moments.filter(Q(giver__in=people) | Q(receiver__in=people))
    if f.date_from:
        moments = moments.filter(happened_on__gte=f.date_from)
    if f.date_to:
        moments = moments.filter(happened_on__lte=f.date_to)
    employees = count_by(population(f), "department")
    given: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for giver_dept, receiver_dept in moments.values_list(
        "giver__department", "receiver__department"
    ):
        given[giver_dept or "No department"] += 1
        received[receiver_dept or "No department"] += 1
    hidden = hidden_groups(employees, THRESHOLD)
    rows = []
    for dept, n in sorted(employees.items(), key=lambda kv: -kv[1]):
        if dept in hidden:
            continue
        rows.append(
            {
                "department": dept,
                "employees": n,
                "given": given.get(dept, 0),
                "received": received.get(dept, 0),
                "given_per_100": round(100 * given.get(dept, 0) / n, 1),
            }
        )
    return {"total": moments.count(), "departments": rows, "hidden_departments": len(hidden)}


def culture(
    programs: list[Program], f: Filters | None = None, *, org_wide: bool = True
) -> dict[str, Any]:
    """The culture indicators over the programs (``org_wide``: moments of everyone)."""
    f = f or Filters()
    relationships = _members(programs, f)
    crossing = _crossing(relationships)
    flows, hidden_flows = _flow_rows(crossing.pop("flows"))
    employees = population(f).count()
    mentors = (
        taking_part(programs, f)
        .filter(role=Participant.Role.MENTOR, person__in=population(f))
        .values("person_id")
        .distinct()
        .count()
    )
    return {
        "relationships": len(relationships),
        **crossing,
        "employees": employees,
        "mentors": mentors,
        "mentors_per_100_employees": round(100 * mentors / employees, 2) if employees else None,
        "moments": _moments(None if org_wide else programs, f),
        "flows": flows,
        "hidden_flows": hidden_flows,
        "threshold": THRESHOLD,
    }


def culture_tables(result: dict[str, Any]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The page's three tables for CSV/XLSX: indicators, flows, moments."""

    def pct(block: dict[str, Any]) -> Any:
        return "" if block["rate"] is None else round(block["rate"], 3)

    indicators = [
        ["relationships", result["relationships"], "", ""],
        *[
            [name.replace("_", " "), pct(result[name]), result[name]["events"], result[name]["n"]]
            for name in ("across_departments", "across_levels", "reverse_mentoring")
        ],
        [
            "mentors per 100 employees",
            result["mentors_per_100_employees"],
            result["mentors"],
            result["employees"],
        ],
        ["confirmed mentoring moments", result["moments"]["total"], "", ""],
    ]
    flows = [
        [r["mentor_department"], r["mentee_department"], r["relationships"]]
        for r in result["flows"]
    ]
    moments = [
        [r["department"], r["employees"], r["given"], r["received"], r["given_per_100"]]
        for r in result["moments"]["departments"]
    ]
    return {
        "indicators": (["indicator", "value", "count", "out of"], indicators),
        "flows": (["mentor department", "mentee department", "relationships"], flows),
        "moments": (
            ["department", "employees", "moments given", "moments received", "given per 100"],
            moments,
        ),
    }
