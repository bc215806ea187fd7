"""Reach and culture — /api/v1/insights/reach, /api/v1/insights/culture (aggregates only)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from tandem.core.api import ErrorOut

from .api import InsightFilters, RateOut
from .culture import culture, culture_tables
from .exports import table_response
from .reach import DEMOGRAPHIC_FIELDS, reach, reach_table
from .scope import programs_in_scope

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Demographic = Literal["gender", "ethnicity", "age_band", "disability"]
assert set(Demographic.__args__) == set(DEMOGRAPHIC_FIELDS)  # type: ignore[attr-defined]


class ReachQuery(InsightFilters):
    program_id: int | None = None
    by: Literal["department", "level", "location", "demographic"] = "department"
    field: Demographic = "gender"


class ReachGroupOut(Schema):
    label: str
    suppressed: bool
    employees: int | None
    participants: int | None
    participation_rate: float | None
    share_of_participants: float | None
    share_of_org: float | None
    reach_ratio: float | None


class ReachOut(Schema):
    program_id: int | None
    by: str
    grouping: str
    threshold: int
    employees: int | None
    participants: int | None
    participation_rate: float | None
    groups: list[ReachGroupOut]
    suppressed: int


@router.get("/insights/reach", response={200: ReachOut, **ERRORS})
def insights_reach(request: HttpRequest, q: Query[ReachQuery]) -> Any:
    """Participation by group against the organisation's composition. ``by=demographic``
    groups by the self-declared ``field``. Groups under the threshold (and the next-smallest)
    are ``suppressed`` with no figures. Without ``program_id``: every program you may see."""
    programs, program = programs_in_scope(request.user, q.program_id)
    by = q.field if q.by == "demographic" else q.by
    result = reach(programs, by, q.filters())
    if q.format != "json":
        header, rows = reach_table(result)
        name = f"reach-{by}" + (f"-program-{program.pk}" if program else "")
        return table_response(name, q.format, header, rows)
    return {**result, "program_id": program.pk if program else None}


class CultureQuery(InsightFilters):
    program_id: int | None = None
    table: Literal["indicators", "flows", "moments"] = "indicators"


class FlowOut(Schema):
    mentor_department: str
    mentee_department: str
    relationships: int


class MomentsRowOut(Schema):
    department: str
    employees: int
    given: int
    received: int
    given_per_100: float


class MomentsOut(Schema):
    total: int
    departments: list[MomentsRowOut]
    hidden_departments: int


class CultureOut(Schema):
    program_id: int | None
    relationships: int
    across_departments: RateOut
    across_levels: RateOut
    reverse_mentoring: RateOut
    employees: int
    mentors: int
    mentors_per_100_employees: float | None
    moments: MomentsOut
    flows: list[FlowOut]
    hidden_flows: int
    threshold: int


@router.get("/insights/culture", response={200: CultureOut, **ERRORS})
def insights_culture(request: HttpRequest, q: Query[CultureQuery]) -> Any:
    """Relationships across departments and levels, reverse mentoring, mentors per 100
    employees, moments per department and the department-to-department flows (flows under
    the threshold hidden). ``?format=csv&table=flows`` downloads one table."""
    programs, program = programs_in_scope(request.user, q.program_id)
    result = culture(programs, q.filters(), org_wide=program is None)
    if q.format != "json":
        header, rows = culture_tables(result)[q.table]
        name = f"culture-{q.table}" + (f"-program-{program.pk}" if program else "")
        return table_response(name, q.format, header, rows)
    return {**result, "program_id": program.pk if program else None}
