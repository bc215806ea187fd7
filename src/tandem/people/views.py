"""Directory pages: search and filter, a person with their org neighbourhood, profiles, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from tandem.accounts.privacy import can_erase_person
from tandem.core.errors import DomainError

from . import import_templates, import_uploads, permissions, selectors, services
from .forms import ImportForm, ProfileForm
from .importer import ImportReport, import_people
from .models import ImportUpload, Person

PAGE_SIZE = 25


@login_required
@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "department", "location")}
    people = selectors.list_people(
        q=filters["q"], department=filters["department"], location=filters["location"]
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "departments": selectors.list_departments(),
        "locations": selectors.list_locations(),
    }
    htmx = request.htmx  # type: ignore[attr-defined]
    partial = htmx and not htmx.history_restore_request  # a history miss needs the whole page
    template = "people/_results.html" if partial else "people/directory.html"
    return render(request, template, context)


@login_required
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_by_id(actor=request.user, person_id=person_id)
    context = {
        "person": person,
        "profile": selectors.get_profile(person),
        "org": selectors.org_neighbourhood(person),
        "can_edit_profile": permissions.can_edit_profile(request.user, person),
        "can_erase": can_erase_person(request.user),
        "panels": selectors.person_panels_for(request.user, person),
    }
    return render(request, "people/person.html", context)


@login_required
def edit_my_profile(request: HttpRequest) -> HttpResponse:
    person = selectors.get_person_for_user(request.user)
    if person is None:
        messages.error(request, "Your login is not linked to anyone in the directory yet.")
        return redirect("web:home")
    return edit_profile(request, person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.access_person_by_id(actor=request.user, person_id=person_id)
    if not permissions.can_edit_profile(request.user, person):
        raise PermissionDenied("You can only edit your own profile.")
    profile = selectors.get_profile(person)
    form = ProfileForm(request.POST or None, person=person, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, person=person, **form.service_kwargs())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("people:person", person_id=person.pk)
    context = {"form": form, "person": person, "skills": selectors.list_skills()}
    return render(request, "people/profile_form.html", context)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The import template with every recognised header: ``kind`` is csv or xlsx."""
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import the directory.")
    if kind == "xlsx":
        response = HttpResponse(import_templates.xlsx_template(), content_type=XLSX_TYPE)
    else:
        body = import_templates.csv_template()
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tandem-people-template.{kind}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import the directory.")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    kept = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if form.cleaned_data["dry_run"]:
            report, kept = import_uploads.dry_run_and_keep(
                actor=request.user, filename=upload.name, content=upload.read()
            )
        else:
            report = import_people(
                filename=upload.name, content=upload.read(), dry_run=False, actor=request.user
            )
            _announce(request, report)
    return _render_import(request, form, report, kept)


@login_required
@require_http_methods(["POST"])
def confirm_import(request: HttpRequest, upload_id: int) -> HttpResponse:
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import the directory.")
    try:
        report = import_uploads.confirm_upload(actor=request.user, upload_id=upload_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("people:import")
    _announce(request, report)
    return _render_import(request, ImportForm(), report, None)


def _announce(request: HttpRequest, report: ImportReport) -> None:
    if not report.errors:
        messages.success(
            request,
            f"Imported: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged.",
        )


def _render_import(
    request: HttpRequest, form: ImportForm, report: ImportReport | None, kept: ImportUpload | None
) -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "kept": kept,
        "keep_minutes": int(import_uploads.KEEP_FOR.total_seconds() // 60),
        "people_count": Person.objects.count(),
    }
    return render(request, "people/import.html", context)
