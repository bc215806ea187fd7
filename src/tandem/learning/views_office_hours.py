"""Office hours pages: find slots by skill, book, offer one, your bookings (invite, cancel),
the one-question pulse after a session and the expert's summary of the answers."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core import clock
from tandem.core.errors import DomainError
from tandem.people.models import Skill
from tandem.people.selectors import person_of

from . import office_hour_followup, office_hours, office_hours_selectors
from .invite_download import invite_response
from .models import OfficeHourSlot


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts (your time zone)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(min_value=10, max_value=240, initial=30, label="Minutes")
    topic = forms.CharField(max_length=200)
    skills = forms.ModelMultipleChoiceField(queryset=Skill.objects.order_by("name"), required=False)
    format = forms.ChoiceField(choices=OfficeHourSlot.Format.choices)
    location = forms.CharField(max_length=500, required=False, help_text="A room or a call link.")
    capacity = forms.IntegerField(
        min_value=1, max_value=8, initial=1, help_text="1, or a small group."
    )


class SkillFilter(forms.Form):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, empty_label="Any skill"
    )


@login_required
def office_hours_page(request: HttpRequest) -> HttpResponse:
    me = person_of(request.user)
    zone = me.time_zone if me else "UTC"
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d: dict[str, Any] = dict(form.cleaned_data)
        naive = d["starts_at"].replace(tzinfo=None)
        d["starts_at"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        d["time_zone"] = zone
        d["skill_ids"] = [s.pk for s in d.pop("skills")]
        try:
            office_hours.offer_slot(actor=request.user, data=d)
            messages.success(request, "Slot offered.")
            return redirect("learning:office_hours")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    filters = SkillFilter(request.GET or None)
    skill = filters.cleaned_data["skill"] if filters.is_valid() else None
    slots = list(office_hours_selectors.list_slots(skill=skill.pk if skill else None))
    for slot in slots:
        slot.left = max(slot.capacity - slot.taken, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "learning/office_hours.html",
        {
            "slots": slots,
            "form": form,
            "filters": filters,
            "zone": zone,
            "me": me,
            "bookings": list(
                office_hours_selectors.my_bookings(request.user).order_by("-slot__starts_at")[:20]
            ),
            "now": clock.now(),
            "to_answer": {b.pk for b in office_hour_followup.to_answer(me)} if me else set(),
            "summary": office_hour_followup.host_summary(me)
            if me and OfficeHourSlot.objects.filter(host=me).exists()
            else None,
        },
    )


@login_required
@require_POST
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = office_hours_selectors.access_slot_by_id(actor=request.user, slot_id=slot_id)
    try:
        office_hours.book_slot(actor=request.user, slot=slot)
        messages.success(request, "Booked. The invite is in your email and below.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:office_hours")


@login_required
@require_POST
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    try:
        office_hours.cancel_booking(actor=request.user, booking=booking)
        messages.info(request, "Booking cancelled; a cancellation went to both calendars.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:office_hours")


@login_required
def invite(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    return invite_response(booking)


class PulseForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        label=office_hour_followup.QUESTION,
        help_text="1: not useful · 5: very useful",
    )
    comment = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything to add?",
    )


@login_required
@require_http_methods(["GET", "POST"])
def pulse(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The one-question pulse after a session (a short page that works on a phone)."""
    booking = office_hours_selectors.access_booking_by_id(actor=request.user, booking_id=booking_id)
    me = person_of(request.user)
    answer = office_hour_followup.my_answer(request.user, booking)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and answer is None and form.is_valid():
        try:
            office_hour_followup.answer_pulse(
                actor=request.user, booking=booking, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Thank you for answering.")
            return redirect("learning:booking_pulse", booking_id=booking.pk)
    slot = booking.slot
    return render(
        request,
        "learning/pulse.html",
        {
            "booking": booking,
            "slot": slot,
            "other": booking.person if me and slot.host_id == me.pk else slot.host,
            "answer": answer,
            "form": form,
            "ended": office_hour_followup.ends_at(slot) <= clock.now(),
            "zone": me.time_zone if me else "UTC",
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
