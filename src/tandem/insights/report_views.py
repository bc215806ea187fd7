"""The printable program report: the HTML page (print CSS) and the PDF drawn on the server."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.people.selectors import get_person_for_user

from . import selectors
from .forms import FilterForm
from .report import program_report
from .report_pdf import report_pdf_response
from .views import PLOTLY_STYLES


def _zone(request: HttpRequest) -> str | None:
    person = get_person_for_user(request.user)
    return person.time_zone if person else None


@PLOTLY_STYLES  # type: ignore[arg-type]  # django-csp types views as (request) only
@login_required
def report_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    form = FilterForm(request.GET or None)
    report = program_report(program, form.filters(), _zone(request))
    context = {"program": program, "r": report, "query": request.GET.urlencode()}
    return render(request, "insights/report.html", context)


@login_required
def report_pdf(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_insights_by_id(actor=request.user, program_id=program_id)
    form = FilterForm(request.GET or None)
    return report_pdf_response(program_report(program, form.filters(), _zone(request)))
