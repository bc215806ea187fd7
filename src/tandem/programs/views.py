"""Program pages: list, page, editor, enrolment, participant management, announce, clone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.core.permissions import is_leader, is_org_admin
from tandem.people.selectors import get_person_for_user

from . import catalog, design, permissions, selectors, services
from .announcement_stories import story_choices
from .detail_panels import detail_panels_for
from .eligibility import describe_rules
from .forms import (
    AnnouncementForm,
    BulkDecisionForm,
    CapacityForm,
    CloneForm,
    EnrolForm,
)
from .models import Participant, Program
from .program_form import ProgramForm

PAGE_SIZE = 24
TABLE_PAGE_SIZE = 50


def _default_scope(user: Any, admin_view: bool) -> str:
    """Admins see everything; someone who runs programs starts on them; others on what is open."""
    if admin_view:
        return "all"
    person_id = permissions.person_id_of(user)
    if person_id and Program.objects.filter(managers=person_id).exists():
        return "mine"
    return "open"


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    admin_view = is_org_admin(request.user) or is_leader(request.user)
    scopes = ["mine", "open", *(["all"] if admin_view else [])]
    scope = request.GET.get("scope") or _default_scope(request.user, admin_view)
    if scope not in scopes:
        scope = scopes[0]
    status = request.GET.get("status", "")
    status = status if status in Program.Status.values else ""
    programs = selectors.list_programs(actor=request.user, scope=scope, status=status)
    page = Paginator(programs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "scope": scope,
        "scopes": scopes,
        "status": status,
        "statuses": Program.Status.choices,
        "can_create": permissions.can_create_program(request.user),
    }
    return render(request, "programs/list.html", context)


def _detail_context(request: HttpRequest, program: Program) -> dict[str, Any]:
    user = request.user
    person = get_person_for_user(user)
    can_manage = permissions.can_manage_participants(user, program)
    context: dict[str, Any] = {
        "program": program,
        "managers": list(program.managers.all()),
        "eligibility_lines": describe_rules(program.eligibility),
        "can_edit": permissions.can_edit_program(user, program),
        "can_manage": can_manage,
        "participations": selectors.participations_of(person, program),
        "window_message": design.window_error(program, _today()),
        "eligibility": selectors.eligibility_of(person, program),
        "next_statuses": design.TRANSITIONS.get(program.status, ()) if can_manage else (),
        "previous_cycle": program.previous_cycle,
        "panels": detail_panels_for(user, program),
    }
    if permissions.can_view_program_stats(user, program):
        context.update(_stats_context(program))
    if can_manage:
        context["announcements"] = list(selectors.list_announcements(program)[:5])
    return context


def _stats_context(program: Program) -> dict[str, Any]:
    stats = selectors.program_stats(program)
    roles = design.roles_for_type(program.type)
    rows: list[dict[str, Any]] = [
        {"key": key, "label": label, "counts": [stats.count(role, key) for role in roles]}
        for key, label in Participant.Status.choices
    ]
    return {
        "stats": stats,
        "stat_roles": roles,
        "role_totals": [(role, stats.count(role)) for role in roles],
        "status_totals": [(row["label"], sum(row["counts"])) for row in rows if any(row["counts"])],
        "status_rows": [row for row in rows if any(row["counts"])],
    }


def _today() -> Any:
    from tandem.core import clock

    return clock.today()


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    return render(request, "programs/detail.html", _detail_context(request, program))


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_program(request.user):
        raise PermissionDenied("Only org admins can create programs.")
    key = request.POST.get("template") or request.GET.get("template") or ""
    template = catalog.get_template(key) if key else None
    if request.method == "GET" and not key and "blank" not in request.GET:
        return render(request, "programs/templates.html", {"templates": catalog.list_templates()})
    initial_design: dict[str, Any] = {}
    if template is not None:
        initial_design = {**template.design, "questions": template.questions}
    else:
        initial_design = {
            "matching_weights": design.default_weights("one_on_one"),
            "constraints": design.default_constraints("one_on_one"),
        }
    form = ProgramForm(request.POST or None, initial_design=initial_design)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.create_program(
                actor=request.user,
                data=form.service_data(),
                template_key=template.key if template else "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"“{program.name}” created as a draft.")
            return redirect("programs:detail", program_id=program.pk)
    context = {"form": form, "template": template, "program": None}
    return render(request, "programs/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_edit_program(request.user, program):
        raise PermissionDenied("Only org admins and this program's managers can edit it.")
    can_change_managers = permissions.can_change_managers(request.user, program)
    form = ProgramForm(
        request.POST or None, program=program, can_change_managers=can_change_managers
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_program(actor=request.user, program=program, data=form.service_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Program saved.")
            return redirect("programs:detail", program_id=program.pk)
    return render(request, "programs/edit.html", {"form": form, "program": program})


@login_required
@require_POST
def program_status(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    target = request.POST.get("status", "")
    try:
        services.change_program_status(actor=request.user, program=program, status=target)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The program is now {target}.")
    return redirect("programs:detail", program_id=program.pk)


@login_required
@require_http_methods(["GET", "POST"])
def program_clone(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_clone_program(request.user, program):
        raise PermissionDenied("Only org admins and this program's managers can clone it.")
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clone = services.clone_program(actor=request.user, program=program, **form.cleaned_data)
        except DomainError as exc:
            target = exc.field if exc.field in form.fields else None
            form.add_error(target, exc.message)
        else:
            messages.success(request, f"Cycle {clone.cycle_number} created as a draft.")
            return redirect("programs:detail", program_id=clone.pk)
    return render(request, "programs/clone.html", {"form": form, "program": program})


@login_required
@require_http_methods(["GET", "POST"])
def program_announce(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_announce_program(request.user, program):
        raise PermissionDenied("Only org admins and this program's managers can announce it.")
    form = AnnouncementForm(request.POST or None, stories=story_choices(program))
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.announce_program(
                actor=request.user, program=program, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error("story_id" if exc.field == "story_id" else None, exc.message)
        else:
            messages.success(request, f"Announcement sent to {sent.recipient_count} people.")
            return redirect("programs:detail", program_id=program.pk)
    context = {
        "form": form,
        "program": program,
        "audience_size": selectors.eligible_audience_query(program).count(),
        "announcements": selectors.list_announcements(program),
    }
    return render(request, "programs/announce.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    person = get_person_for_user(request.user)
    roles = list(design.roles_for_type(program.type))
    form = EnrolForm(request.POST or None, program=program, roles=roles)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        try:
            services.enroll_participant(
                actor=request.user,
                program=program,
                role=role,
                answers=form.answers(role),
                capacity=form.cleaned_data.get("capacity") if role == "mentor" else None,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, f"Application sent. The managers of {program.name} will let you know."
            )
            return redirect("programs:detail", program_id=program.pk)
    context = {
        "form": form,
        "program": program,
        "roles": roles,
        "eligibility": selectors.eligibility_of(person, program),
        "window_message": design.window_error(program, _today()),
        "participations": selectors.participations_of(person, program),
        "checklists": [(role, selectors.profile_checklist(person, role, program)) for role in roles]
        if person
        else [],
    }
    return render(request, "programs/enrol.html", context)


def _manager_program(request: HttpRequest, program_id: int) -> Program:
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_manage_participants(request.user, program):
        raise PermissionDenied("Only org admins and this program's managers see participants.")
    return program


@login_required
@require_http_methods(["GET", "POST"])
def participants(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _manager_program(request, program_id)
    filters = {k: request.GET.get(k, "").strip() for k in ("role", "status", "q")}
    rows = selectors.list_participants(program=program, **filters)
    if request.method == "POST":
        ids = list(Participant.objects.filter(program=program).values_list("pk", flat=True))
        form = BulkDecisionForm(request.POST, ids=ids)
        if form.is_valid():
            try:
                services.decide_participants(
                    actor=request.user, program=program, **form.cleaned_data
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                count = len(form.cleaned_data["participant_ids"])
                messages.success(request, f"{count} marked {form.cleaned_data['status']}.")
        else:
            for errors in form.errors.values():
                messages.error(request, " ".join(str(e) for e in errors))
        return redirect(request.get_full_path())
    page = Paginator(rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "page": page,
        "filters": filters,
        "roles": Participant.Role.choices,
        "statuses": Participant.Status.choices,
        **_stats_context(program),
    }
    return render(request, "programs/participants.html", context)


@login_required
def participants_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _manager_program(request, program_id)
    body = selectors.participants_csv(
        program, role=request.GET.get("role", ""), status=request.GET.get("status", "")
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="program-{program.pk}-participants.csv"'
    )
    return response


@login_required
@require_POST
def participant_withdraw(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.access_participant_by_id(
        actor=request.user, participant_id=participant_id
    )
    try:
        services.withdraw_participant(
            actor=request.user, participant=participant, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Withdrawn from {participant.program.name}.")
    return redirect(_back(request, participant))


@login_required
@require_POST
def participant_capacity(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = selectors.access_participant_by_id(
        actor=request.user, participant_id=participant_id
    )
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Capacity must be a whole number of mentees from 1 to 50.")
        return redirect(_back(request, participant))
    try:
        services.set_participant_capacity(
            actor=request.user, participant=participant, capacity=form.cleaned_data["capacity"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Capacity set to {form.cleaned_data['capacity']}.")
    return redirect(_back(request, participant))


def _back(request: HttpRequest, participant: Participant) -> str:
    """Return to the page the form was on (only our own paths)."""
    target = request.POST.get("next", "")
    if target.startswith("/programs/") and "//" not in target:
        return target
    return f"/programs/{participant.program_id}/"
