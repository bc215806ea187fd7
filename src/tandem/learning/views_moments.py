"""Mentoring moments pages: log one, confirm or decline the ones logged about you, sharing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.core.errors import DomainError
from tandem.people.selectors import person_of

from . import moments, moments_selectors
from .forms_moments import MomentForm, SharingForm


@login_required
def moments_page(request: HttpRequest) -> HttpResponse:
    me = person_of(request.user)
    form = MomentForm(request.POST or None, me=me)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            moments.log_moment(
                actor=request.user,
                other_person_id=d["other"].pk,
                direction=d["direction"],
                happened_on=d["happened_on"],
                note=d["note"],
                skill_ids=[s.pk for s in d["skills"]],
            )
            messages.success(
                request, f"Moment logged. {d['other'].full_name} is asked to confirm it."
            )
            return redirect("learning:moments")
        except DomainError as exc:
            field = {"other_person_id": "other", "happened_on": "happened_on"}.get(exc.field or "")
            form.add_error(field, exc.message)
    rows = list(moments_selectors.list_my_moments(request.user))
    waiting = [m for m in rows if m.status == "pending" and me and m.logged_by_id != me.pk]
    shown = bool(me and moments_selectors.shows_moments_given(me))
    return render(
        request,
        "learning/moments.html",
        {
            "form": form,
            "waiting": waiting,
            "rows": [m for m in rows if m not in waiting],
            "me": me,
            "sharing": SharingForm(initial={"show_moments_given": shown}),
            "summary": moments_selectors.summary_of(me) if me else None,
        },
    )


def _decide(request: HttpRequest, moment_id: int, confirm: bool) -> HttpResponse:
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment_id)
    try:
        if confirm:
            moments.confirm_moment(actor=request.user, moment=moment)
            messages.success(request, "Moment confirmed: it counts for both of you.")
        else:
            moments.decline_moment(actor=request.user, moment=moment)
            messages.info(request, "Moment declined.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:moments")


@login_required
@require_POST
def confirm(request: HttpRequest, moment_id: int) -> HttpResponse:
    return _decide(request, moment_id, True)


@login_required
@require_POST
def decline(request: HttpRequest, moment_id: int) -> HttpResponse:
    return _decide(request, moment_id, False)


@login_required
@require_POST
def sharing(request: HttpRequest) -> HttpResponse:
    form = SharingForm(request.POST)
    form.is_valid()
    try:
        moments.set_show_moments_given(
            actor=request.user, show=bool(form.cleaned_data.get("show_moments_given"))
        )
        messages.success(request, "Sharing saved.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:moments")
