"""Dashboard pages: the organisation and each program, with charts and their data tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from . import permissions, selectors
from .exports import table_response
from .forms import FilterForm
from .kpis import program_kpis
from .outcome_data import program_outcome

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# plotly.js adds two <style> elements of its own (an empty one it fills through the CSSOM,
# and its modebar rules): allowed by their exact hashes, not by 'unsafe-inline'.
PLOTLY_STYLES = csp_update(
    {
        "style-src": [
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",
        ]
    }
)


@cache_control(max_age=86400, public=True)
def plotly_js(request: HttpRequest) -> FileResponse:
    """plotly.min.js as shipped inside the plotly package (no CDN)."""
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript")


def _program_charts(k: dict[str, Any]) -> dict[str, Any]:
    funnel = k["funnel"]
    return {
        "funnel": {"x": [s.capitalize() for s in funnel], "y": list(funnel.values())},
        "health": {
            "x": ["Healthy", "Watch", "At risk"],
            "y": list(k["health_distribution"].values()),
        },
    }


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
    chart = {
        "funnel": {
            "x": [s.capitalize() for s in overview["funnel"]],
            "y": list(overview["funnel"].values()),
        },
        "programs": {
            "x": [r["program"] for r in overview["programs"]],
            "y": [r["funnel"]["matched"] for r in overview["programs"]],
        },
    }
    return render(
        request,
        "insights/org.html",
        {"o": overview, "form": form, "charts": chart, "query": request.GET.urlencode()},
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
            "charts": _program_charts(kpis),
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
            ]
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
