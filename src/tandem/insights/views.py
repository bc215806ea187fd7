"""Dashboard pages: the organisation and each program, with charts and their data tables."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from . import permissions, selectors
from .charts import PLOTLY_CSP, PLOTLY_JS, org_charts, program_charts
from .exports import table_response
from .forms import FilterForm
from .kpis import program_kpis
from .outcome_data import program_outcome

PLOTLY_STYLES = csp_update(PLOTLY_CSP)


@cache_control(max_age=86400, public=True)
def plotly_js(request: HttpRequest) -> FileResponse:
    """plotly.min.js as shipped inside the plotly package (no CDN)."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript")


@PLOTLY_STYLES
@login_required
def org_dashboard(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_insights(request.user):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    overview = selectors.org_overview(request.user, form.filters())
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        header, rows = selectors.org_table(overview)
        return table_response("organisation-insights", fmt, header, rows)
    return render(
        request,
        "insights/org.html",
        {
            "o": overview,
            "form": form,
            "charts": org_charts(overview),
            "query": request.GET.urlencode(),
        },
    )


@PLOTLY_STYLES  # type: ignore[arg-type]  # django-csp types views as (request) only
@login_required
def program_dashboard(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    form = FilterForm(request.GET or None)
    kpis = program_kpis(program, form.filters())
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        header, rows = selectors.program_table(kpis)
        return table_response(f"program-{program.pk}-insights", fmt, header, rows)
    return render(
        request,
        "insights/program.html",
        {
            "program": program,
            "k": kpis,
            "form": form,
            "charts": program_charts(kpis),
            "table": selectors.program_table(kpis)[1],
        },
    )


OUTCOME_LABELS = {
    "retention": "still employed",
    "promotion": "promoted",
    "move": "moved internally",
}


@PLOTLY_STYLES  # type: ignore[arg-type]  # django-csp types views as (request) only
@login_required
def outcome_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    outcome = request.GET.get("outcome", "retention")
    outcome = outcome if outcome in OUTCOME_LABELS else "retention"
    months_text = request.GET.get("months", "12")
    months = int(months_text) if months_text in {"6", "12", "24"} else 12
    result = program_outcome(program, outcome, months)
    curves = {
        "km": {
            "lines": [
                {"name": name, "x": [p["day"] for p in pts], "y": [p["survival"] for p in pts]}
                for name, pts in result["curves"].items()
            ],
            "x_title": "days since the program's start",
            "y_title": "share still employed"
            if outcome == "retention"
            else "share without the event",
        }
    }
    return render(
        request,
        "insights/outcomes.html",
        {
            "program": program,
            "r": result,
            "label": OUTCOME_LABELS[outcome],
            "outcome": outcome,
            "months": months,
            "charts": curves,
            "choices": OUTCOME_LABELS,
        },
    )
