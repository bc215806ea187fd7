"""The home page and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from tandem.people.selectors import get_person_for_user

from .home import home_sections, next_steps, sections_csp


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = get_person_for_user(request.user)
    sections = home_sections(request)
    context = {
        "person": person,
        "next_steps": next_steps(request) if person else [],
        "sections": sections,
        "section_heads": list(dict.fromkeys(s["head"] for s in sections if s["head"])),
    }
    response = render(request, "web/home.html", context)
    csp = sections_csp(sections)
    if csp:
        response._csp_update = csp  # type: ignore[attr-defined]  # django-csp reads it
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You are not allowed to see this."
    return render(request, "web/error.html", {"status": 403, "message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 404, "message": "This page does not exist."},
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    # A standalone template without the context processors: it must render even when the
    # database (sessions, the user, the navigation) is what failed.
    message = "Something went wrong on our side. It has been logged."
    html = render_to_string("web/500.html", {"status": 500, "message": message})
    return HttpResponse(html, status=500)
