"""The closure page of a relationship (``/relationships/{id}/closure/``): the program's
closure survey of the builder, answered for that relationship. Drawn for the relationships
app through ``relationships.closure_port``; the relationships view has already checked that
the visitor may see the relationship's contents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.core.errors import DomainError
from tandem.relationships.models import Relationship

from . import responding
from .closure import closure_survey_of, mine
from .forms import ResponseForm


def closure_page(request: HttpRequest, relationship: Relationship) -> HttpResponse:
    answered = mine(relationship=relationship, actor=request.user)
    survey = None
    if relationship.is_closed and answered is None:
        survey = closure_survey_of(relationship.program, create=True)
    form = ResponseForm(request.POST or None, survey=survey) if survey is not None else None
    if request.method == "POST" and form is not None and survey is not None and form.is_valid():
        try:
            responding.submit_response(
                actor=request.user,
                survey=survey,
                answers=form.answers(),
                relationship_id=relationship.pk,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Thank you — your answers help the next cohort.")
            return redirect("relationships:certificate", relationship_id=relationship.pk)
    return render(
        request,
        "surveys/closure.html",
        {"r": relationship, "answered": answered, "survey": survey, "form": form},
    )
