"""The program report as a PDF — GET /api/v1/insights/programs/{id}/report.pdf."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tandem.core.api import ErrorOut, QueryDate
from tandem.people.selectors import get_person_for_user

from . import selectors
from .kpis import Filters
from .report import program_report
from .report_pdf import report_pdf_response

router = Router()
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ReportFilters(Schema):
    """The program dashboard's filters."""

    department: str = Field("", max_length=120)
    location: str = Field("", max_length=120)
    level: int | None = Field(None, ge=1, le=20)
    date_from: QueryDate | None = None
    date_to: QueryDate | None = None

    def filters(self) -> Filters:
        return Filters(self.department, self.location, self.level, self.date_from, self.date_to)


@router.get(
    "/insights/programs/{program_id}/report.pdf",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The report, one A4 page per section",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def program_report_pdf(request: HttpRequest, program_id: int, q: Query[ReportFilters]) -> Any:
    """The printable program report as a PDF (its managers, leaders, org admins): one page
    per section — funnel, matching, meetings, goals, training, satisfaction and NPS, health,
    ended early, outcomes — with the dashboard's figures, charts and tables."""
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    person = get_person_for_user(request.user)
    zone = person.time_zone if person else None
    return report_pdf_response(program_report(program, q.filters(), zone))
