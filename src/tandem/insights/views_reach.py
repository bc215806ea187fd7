"""The reach and culture page: who takes part against the organisation's composition, and
whether mentoring crosses departments and levels — charts with their tables beneath."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import permissions
from .culture import culture, culture_tables
from .exports import table_response
from .forms_reach import ReachForm
from .reach import reach, reach_table
from .scope import programs_in_scope
from .selectors import visible_programs
from .views import PLOTLY_STYLES

TABLES = {"reach", "indicators", "flows", "moments"}


def _charts(r: dict[str, Any], c: dict[str, Any]) -> dict[str, Any]:
    shown = [g for g in r["groups"] if not g["suppressed"] and g["reach_ratio"] is not None]
    mentor_nodes = sorted({f["mentor_department"] for f in c["flows"]})
    mentee_nodes = sorted({f["mentee_department"] for f in c["flows"]})
    nodes = [f"{d} (mentors)" for d in mentor_nodes] + [f"{d} (mentees)" for d in mentee_nodes]
    return {
        "reach": {
            "x": [g["label"] for g in shown],
            "y": [round(g["reach_ratio"], 2) for g in shown],
        },
        "flows": {
            "nodes": nodes,
            "source": [mentor_nodes.index(f["mentor_department"]) for f in c["flows"]],
            "target": [
                len(mentor_nodes) + mentee_nodes.index(f["mentee_department"]) for f in c["flows"]
            ],
            "value": [f["relationships"] for f in c["flows"]],
        },
    }


@PLOTLY_STYLES
@login_required
def reach_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_insights(request.user):
        raise PermissionDenied
    form = ReachForm(request.GET or None, programs=visible_programs(request.user))
    programs, program = programs_in_scope(request.user, form.program_id())
    by, filters = form.grouping(), form.filters()
    r = reach(programs, by, filters)
    c = culture(programs, filters, org_wide=program is None)
    table = request.GET.get("table", "reach")
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"} and table in TABLES:
        header, rows = reach_table(r) if table == "reach" else culture_tables(c)[table]
        suffix = f"-program-{program.pk}" if program else ""
        name = f"reach-{by}{suffix}" if table == "reach" else f"culture-{table}{suffix}"
        return table_response(name, fmt, header, rows)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    context = {
        "form": form,
        "program": program,
        "r": r,
        "c": c,
        "charts": _charts(r, c),
        "culture_rates": [
            ("Relationships across departments", c["across_departments"]),
            ("Relationships across job levels", c["across_levels"]),
            ("Reverse mentoring (mentor at a lower level)", c["reverse_mentoring"]),
        ],
        "query": query.urlencode(),
    }
    return render(request, "insights/reach.html", context)
