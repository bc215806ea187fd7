"""Insights — /api/v1/insights/… (aggregates only; ``?format=csv`` / ``xlsx`` for tables)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from tandem.core.api import ErrorOut, QueryDate

from . import selectors
from .exports import table_response
from .kpis import Filters, program_kpis
from .outcome_data import program_outcome

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InsightFilters(Schema):
    department: str = Field("", max_length=120)
    location: str = Field("", max_length=120)
    level: int | None = Field(None, ge=1, le=20)
    date_from: QueryDate | None = None
    date_to: QueryDate | None = None
    format: Literal["json", "csv", "xlsx"] = "json"

    def filters(self) -> Filters:
        return Filters(self.department, self.location, self.level, self.date_from, self.date_to)


class RateOut(Schema):
    n: int
    events: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


class MeanOut(Schema):
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None


class SatisfactionOut(MeanOut):
    suppressed: bool


class NpsOut(Schema):
    n: int
    score: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool


class FunnelOut(Schema):
    eligible: int
    applied: int
    approved: int
    matched: int


class MeetingsOut(Schema):
    relationships: int
    held: MeanOut
    expected_per_relationship: float | None
    cadence_days: int


class ReasonOut(Schema):
    reason: str
    count: int


class EndedOut(Schema):
    count: int
    reasons: list[ReasonOut]


class ProgramInsightsOut(Schema):
    program_id: int
    program: str
    funnel: FunnelOut
    match_rate: RateOut
    median_days_to_match: float | None
    meetings_per_relationship: MeetingsOut
    goal_completion: RateOut
    training_completion: RateOut
    satisfaction: SatisfactionOut
    nps: NpsOut
    health_distribution: dict[str, int]
    at_risk: int
    ended_early: EndedOut


class OrgInsightsOut(Schema):
    programs: list[ProgramInsightsOut]
    funnel: FunnelOut
    relationships: int
    at_risk: int
    ended_early: int


@router.get("/insights/org", response={200: OrgInsightsOut, **ERRORS})
def org_insights(request: HttpRequest, q: Query[InsightFilters]) -> Any:
    """Every program you may see (leaders and org admins: all; managers: theirs)."""
    overview = selectors.org_overview(request.user, q.filters())
    if q.format != "json":
        header, rows = selectors.org_table(overview)
        return table_response("organisation-insights", q.format, header, rows)
    return overview


@router.get("/insights/programs/{program_id}", response={200: ProgramInsightsOut, **ERRORS})
def program_insights(request: HttpRequest, program_id: int, q: Query[InsightFilters]) -> Any:
    """One program's KPIs (its managers, leaders, org admins)."""
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    kpis = program_kpis(program, q.filters())
    if q.format != "json":
        header, rows = selectors.program_table(kpis)
        return table_response(f"program-{program.pk}-insights", q.format, header, rows)
    return kpis


class OutcomeQuery(Schema):
    program_id: int
    outcome: Literal["retention", "promotion", "move"] = "retention"
    months: int = Field(12, description="the horizon: 6, 12 or 24")

    @field_validator("months")
    @classmethod
    def _horizon(cls, value: int) -> int:
        if value not in {6, 12, 24}:
            raise ValueError("The horizon is 6, 12 or 24 months.")
        return value


class GroupOut(Schema):
    n: int
    events: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


class BalanceOut(Schema):
    covariate: str
    smd_before: float
    smd: float


class CurvePoint(Schema):
    day: float
    survival: float


class OutcomeOut(Schema):
    program_id: int
    outcome: str
    months: int
    index_date: dt.date
    participants: GroupOut
    comparison: GroupOut
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    method: str
    balance: list[BalanceOut]
    enough_data: bool
    message: str
    curves: dict[str, list[CurvePoint]]


@router.get("/insights/outcomes", response={200: OutcomeOut, **ERRORS})
def outcomes(request: HttpRequest, q: Query[OutcomeQuery]) -> Any:
    """Participants against comparable employees who did not enrol (matched on department,
    level, tenure band and location); ``enough_data: false`` with a message when the data
    cannot support a conclusion. For retention, rates are the share still employed."""
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=q.program_id)
    return program_outcome(program, q.outcome, q.months)
