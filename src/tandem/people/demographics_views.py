"""The person's own self-declared demographics page: optional, consented, erasable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError

from . import demographics


class DemographicsForm(forms.Form):
    consent = forms.BooleanField(
        required=True,
        label=(
            "I agree that Tandem records these answers and uses them only in anonymous "
            "totals of at least 5 people."
        ),
        error_messages={"required": "Tick this box to record your answers, or delete them."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in demographics.FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=demographics.FIELD_LABELS[name],
                required=False,
                choices=[("", "Not answered"), *demographics.CHOICES[name].items()],
                widget=forms.RadioSelect,
            )
        self.order_fields([*demographics.FIELDS, "consent"])


@login_required
@require_http_methods(["GET", "POST"])
def my_demographics(request: HttpRequest) -> HttpResponse:
    person, row = demographics.access_own_demographics(actor=request.user)
    current = demographics.as_dict(row)
    initial = {**{f: current[f] for f in demographics.FIELDS}, "consent": row is not None}
    form = DemographicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = {f: form.cleaned_data[f] for f in demographics.FIELDS}
        try:
            demographics.save_demographics(
                actor=request.user, person_id=None, answers=answers, consent=True
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Your answers are saved. Only you can see them.")
            return redirect("people:my_demographics")
    context = {"form": form, "person": person, "row": row}
    return render(request, "people/demographics.html", context)


@login_required
@require_POST
def delete_my_demographics(request: HttpRequest) -> HttpResponse:
    if demographics.delete_demographics(actor=request.user, person_id=None):
        messages.success(request, "Your answers and your consent are deleted.")
    return redirect("people:my_demographics")
