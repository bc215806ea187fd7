"""Log a meeting that already happened (the pair met in a corridor)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError

from . import common, meetings, permissions, selectors
from .forms import LogMeetingForm


@login_required
@require_http_methods(["GET", "POST"])
def meeting_log(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    me = permissions.membership(request.user, relationship)
    people = common.member_people(relationship)
    form = LogMeetingForm(
        request.POST or None, person=me.participant.person if me else None, members=people
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.log_held_meeting(
                relationship=relationship, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Meeting logged. Give your one-minute pulse below.")
            return redirect("relationships:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "relationships/meeting_log.html",
        {"r": relationship, "form": form, "people": people},
    )
