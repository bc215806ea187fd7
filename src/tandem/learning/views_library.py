"""Library pages: search and filters, a resource (counts a use), add and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.core.errors import DomainError
from tandem.core.permissions import is_org_admin
from tandem.programs.models import Program
from tandem.programs.selectors import managed_program_ids

from . import library, library_selectors, permissions
from .forms_library import LibrarySearchForm, ResourceForm, resource_initial
from .models import Resource
from .rendering import render_markdown


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET or None, tags=library_selectors.all_tags())
    filters = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "q": d["q"],
            "kind": d["kind"],
            "tag": d["tag"],
            "skill": d["skill"].pk if d["skill"] else None,
            "week": d["week"],
        }
    rows = library_selectors.search_resources(**filters)
    return render(
        request,
        "learning/library.html",
        {
            "form": form,
            "rows": rows,
            "can_curate": permissions.can_curate_resources(request.user),
        },
    )


@login_required
def resource_page(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    library.record_use(resource)
    return render(
        request,
        "learning/resource.html",
        {
            "r": resource,
            "html": render_markdown(resource.body_markdown),
            "can_edit": permissions.can_edit_resource(request.user, resource),
        },
    )


def _programs_for(user: object) -> object:
    if is_org_admin(user):
        return Program.objects.order_by("name")
    return Program.objects.filter(pk__in=managed_program_ids(user)).order_by("name")


def _form_page(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    allowed = (
        permissions.can_edit_resource(request.user, resource)
        if resource
        else permissions.can_curate_resources(request.user)
    )
    if not allowed:
        raise PermissionDenied(library.CURATE_REFUSED)
    initial = resource_initial(resource) if resource else {}
    form = ResourceForm(request.POST or None, initial=initial, programs=_programs_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                resource = library.create_resource(actor=request.user, data=form.to_data())
            else:
                library.update_resource(actor=request.user, resource=resource, data=form.to_data())
            messages.success(request, "Resource saved.")
            return redirect("learning:resource", resource_id=resource.pk)
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
    return render(request, "learning/resource_form.html", {"form": form, "r": resource})


@login_required
def resource_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def resource_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    return _form_page(request, resource)


@login_required
@require_POST
def resource_delete(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    try:
        library.delete_resource(actor=request.user, resource=resource)
        messages.success(request, f"“{resource.title}” removed from the library.")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("learning:resource", resource_id=resource_id)
    return redirect("learning:library")
