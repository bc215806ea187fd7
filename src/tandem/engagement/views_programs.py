"""Program managers' pages: nudge settings and thresholds, the at-risk list, interventions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError, FieldError
from tandem.people.selectors import person_of
from tandem.relationships import health

from . import interventions, program_settings, risk, selectors
from .forms import InterventionForm, OutcomeForm, ThresholdsForm
from .models import Intervention

BAD_DAYS = "Days are a whole number from 1 to 365."


def _rule_items(
    request: HttpRequest, views: list[program_settings.RuleView]
) -> tuple[list[dict[str, Any]], list[FieldError]]:
    items, errors = [], []
    for view in views:
        rule = view.rule
        if not rule.configurable:
            continue
        item: dict[str, Any] = {"rule": rule.key, "enabled": f"{rule.key}-enabled" in request.POST}
        if rule.default_days is not None:
            raw = request.POST.get(f"{rule.key}-days", "").strip()
            try:
                item["days"] = int(raw) if raw else None
                if item["days"] is not None and not 1 <= item["days"] <= 365:
                    raise ValueError
            except ValueError:
                errors.append(FieldError(rule.key, BAD_DAYS))
                continue
        items.append(item)
    return items, errors


@login_required
@require_http_methods(["GET", "POST"])
def nudge_settings(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    views = program_settings.rule_settings(program)
    limits = program_settings.thresholds(program)
    form = ThresholdsForm(
        request.POST or None,
        initial={"watch_below": limits.watch_below, "at_risk_below": limits.at_risk_below},
    )
    errors: list[FieldError] = []
    if request.method == "POST" and form.is_valid():
        items, errors = _rule_items(request, views)
        if not errors:
            try:
                program_settings.update_rule_settings(
                    actor=request.user, program=program, items=items
                )
                program_settings.update_thresholds(
                    actor=request.user, program=program, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, "Nudges and health thresholds saved.")
                return redirect("engage:nudges", program_id=program.pk)
    failed = {e.field: e.message for e in errors}
    rows = [
        {
            "view": v,
            "enabled": (f"{v.rule.key}-enabled" in request.POST)
            if request.method == "POST"
            else v.enabled,
            "days": request.POST.get(f"{v.rule.key}-days", v.days)
            if request.method == "POST"
            else v.days,
            "error": failed.get(v.rule.key, ""),
        }
        for v in views
    ]
    return render(
        request, "engagement/nudge_settings.html", {"program": program, "rows": rows, "form": form}
    )


@login_required
def at_risk_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    rows = risk.at_risk_list(program)
    limits = program_settings.thresholds(program)
    return render(
        request,
        "engagement/at_risk.html",
        {
            "program": program,
            "rows": rows,
            "limits": limits,
            "at_risk": sum(1 for r in rows if r.band == "at_risk"),
            "watch": sum(1 for r in rows if r.band == "watch"),
            "open_count": sum(1 for r in rows if r.open_intervention),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_new(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.access_managed_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    me = person_of(request.user)
    zone = me.time_zone if me else "UTC"
    initial = {
        "action": request.GET.get("action") or Intervention.Action.NUDGE,
        "message": interventions.prepared_message(relationship, me),
    }
    form = InterventionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        with timezone.override(zone):
            valid = form.is_valid()
        if valid:
            try:
                item = interventions.record_intervention(
                    actor=request.user, relationship=relationship, data=form.cleaned_data
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(
                    request, f"Intervention recorded: {item.get_action_display().lower()}."
                )
                if item.action == Intervention.Action.REMATCH:
                    return redirect("matchmaking:rematch", relationship_id=relationship.pk)
                return redirect("engage:intervention", intervention_id=item.pk)
    state = risk.state_of(relationship)
    return render(
        request,
        "engagement/intervention_form.html",
        {
            "r": relationship,
            "form": form,
            "state": state,
            "zone": zone,
            "members": [m.participant.person for m in relationship.members.all()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_page(request: HttpRequest, intervention_id: int) -> HttpResponse:
    item = selectors.access_intervention_by_id(actor=request.user, intervention_id=intervention_id)
    form = OutcomeForm(
        request.POST or None,
        initial={
            "outcome": item.outcome,
            "outcome_note": item.outcome_note,
            "follow_up_on": item.follow_up_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            interventions.update_intervention(actor=request.user, intervention=item, data=data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Intervention updated.")
            return redirect("engage:intervention", intervention_id=item.pk)
    relationship = item.relationship
    state = risk.state_of(relationship)
    current = state.health if state else relationship.health
    history = list(selectors.list_interventions(relationship))
    me = person_of(request.user)
    return render(
        request,
        "engagement/intervention.html",
        {
            "item": item,
            "r": relationship,
            "form": form,
            "state": state,
            "components": health.components(state.inputs) if state else [],
            "current": current,
            "recovered": interventions.recovered(item, current),
            "history": history,
            "zone": me.time_zone if me else "UTC",
            "members": [
                m.participant.person
                for m in relationship.members.select_related("participant__person")
            ],
        },
    )
