"""The program manager's home as data — /api/v1/insights/my-programs (counts only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from tandem.core.api import ErrorOut
from tandem.programs.permissions import person_id_of

from .manager_home import programs_at_a_glance
from .permissions import can_view_insights

router = Router()
ERRORS = {401: ErrorOut, 403: ErrorOut}
NOT_A_MANAGER = "Only leaders, org admins and program managers see insights."


class SurveyRateOut(Schema):
    survey_id: int
    title: str
    anonymous: bool
    invited: int
    answered: int
    rate: float | None


class ProgramGlanceOut(Schema):
    program_id: int
    program: str
    status: str
    applications_waiting: int
    runs_to_review: int
    at_risk: int
    open_surveys: list[SurveyRateOut]


@router.get("/insights/my-programs", response={200: list[ProgramGlanceOut], **ERRORS})
def my_programs(request: HttpRequest) -> Any:
    """Per program you manage (not closed): applications waiting for a decision, match runs
    ready to review, relationships at risk (active, health scored today below the program's
    threshold) and the response rate of each open survey. What a program manager's home
    page shows. Leaders and admins who manage nothing get an empty list; others 403."""
    if not can_view_insights(request.user):
        raise PermissionDenied(NOT_A_MANAGER)
    person_id = person_id_of(request.user)
    rows = programs_at_a_glance(person_id) if person_id is not None else []
    return [
        {
            "program_id": r["program"].pk,
            "program": r["program"].name,
            "status": r["program"].status,
            "applications_waiting": r["applications"],
            "runs_to_review": r["runs_to_review"],
            "at_risk": r["at_risk"],
            "open_surveys": [
                {
                    "survey_id": s["survey"].pk,
                    "title": s["survey"].title,
                    "anonymous": s["survey"].anonymous,
                    "invited": s["invited"],
                    "answered": s["answered"],
                    "rate": s["rate"],
                }
                for s in r["surveys"]
            ],
        }
        for r in rows
    ]
