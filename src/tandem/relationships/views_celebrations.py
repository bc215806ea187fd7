"""The members' choice to be named in their relationship's celebrations (a POST from the
relationship home page). Thin: authorise → one service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import celebration_names, selectors


@login_required
@require_POST
def celebration_names_choice(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    named = request.POST.get("named") == "yes"
    naming = celebration_names.set_named_in_celebrations(
        actor=request.user, relationship=relationship, named=named
    )
    if not named:
        messages.success(request, "Withdrawn: celebrations no longer show your names.")
    elif naming.shown_with_names:
        messages.success(request, "Everyone agreed: celebrations now show your names.")
    else:
        messages.success(
            request, "Thank you. Celebrations show your names once everyone has agreed."
        )
    url = reverse("relationships:detail", kwargs={"relationship_id": relationship.pk})
    return redirect(f"{url}#celebration-names")
