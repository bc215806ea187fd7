"""Training pages: my training, a module (sections, quiz), authoring, a program's training.
Thin: parse → authorise → one service/selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.core.errors import DomainError
from tandem.programs import selectors as program_selectors
from tandem.programs import services as program_services

from . import permissions, selectors
from . import progress as progress_services
from . import training as training_services
from .forms import ModuleForm, ProgramTrainingForm, QuizForm, module_initial
from .rendering import render_markdown


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_training(request.user)
    return render(
        request,
        "learning/training.html",
        {"rows": rows, "can_author": permissions.can_author_modules(request.user)},
    )


def _module_page(request: HttpRequest, module_id: int, **extra: object) -> HttpResponse:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    progress = selectors.progress_of(request.user, module)
    done = set(progress.sections_done) if progress else set()
    sections = [
        {"n": i, "title": s.title, "html": render_markdown(s.body_markdown), "done": i in done}
        for i, s in enumerate(module.sections.all())
    ]
    quiz = selectors.learner_quiz(module)
    context = {
        "module": module,
        "progress": progress,
        "sections": sections,
        "quiz": quiz,
        "quiz_form": extra.pop("quiz_form", None) or (QuizForm(quiz=quiz) if quiz else None),
        "can_author": permissions.can_author_modules(request.user),
        **extra,
    }
    return render(request, "learning/module.html", context)


@login_required
def module_page(request: HttpRequest, module_id: int) -> HttpResponse:
    return _module_page(request, module_id)


@login_required
@require_POST
def section_done(request: HttpRequest, module_id: int, position: int) -> HttpResponse:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    try:
        progress_services.mark_section_done(actor=request.user, module=module, position=position)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{module_url(module_id)}#section-{position + 1}")


def module_url(module_id: int) -> str:
    from django.urls import reverse

    return reverse("learning:module", args=[module_id])


@login_required
@require_POST
def quiz_submit(request: HttpRequest, module_id: int) -> HttpResponse:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    form = QuizForm(request.POST, quiz=selectors.learner_quiz(module))
    if not form.is_valid():
        return _module_page(request, module_id, quiz_form=form)
    try:
        result = progress_services.submit_quiz(
            actor=request.user, module=module, answers=form.answers()
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _module_page(request, module_id, quiz_form=form)
    return _module_page(request, module_id, result=result)


@login_required
@require_POST
def complete(request: HttpRequest, module_id: int) -> HttpResponse:
    module = selectors.access_module_by_id(actor=request.user, module_id=module_id)
    try:
        progress_services.complete_module(actor=request.user, module=module)
        messages.success(request, f"“{module.title}” completed.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(module_url(module_id))


def _author_form(request: HttpRequest, module_id: int | None) -> HttpResponse:
    if not permissions.can_author_modules(request.user):
        raise PermissionDenied("Only org admins write training modules.")
    module = (
        selectors.access_module_by_id(actor=request.user, module_id=module_id)
        if module_id
        else None
    )
    initial = module_initial(module) if module else {"minutes": 15, "published": True}
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if module is None:
                module = training_services.create_module(actor=request.user, data=form.to_data())
            else:
                training_services.update_module(
                    actor=request.user, module=module, data=form.to_data()
                )
            messages.success(request, "Module saved.")
            return redirect(module_url(module.pk))
        except DomainError as exc:
            field = {"sections": "sections_text"}.get(exc.field or "")
            if exc.field and exc.field.startswith("quiz"):
                field = "quiz_text"
            form.add_error(field, exc.message)
    return render(request, "learning/module_form.html", {"form": form, "module": module})


@login_required
def module_new(request: HttpRequest) -> HttpResponse:
    return _author_form(request, None)


@login_required
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    return _author_form(request, module_id)


@login_required
def program_training(request: HttpRequest, program_id: int) -> HttpResponse:
    program = program_selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_view_training_of(request.user, program):
        raise PermissionDenied("Only the program's managers and org admins see its training.")
    required = program.required_training if isinstance(program.required_training, dict) else {}
    initial = {
        "mentor_modules": required.get("mentor", []),
        "mentee_modules": required.get("mentee", []),
        "training_gate": program.training_gate,
        "training_min_score": program.training_min_score,
    }
    form = ProgramTrainingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program_services.update_program(
                actor=request.user, program=program, data=form.to_data()
            )
            messages.success(request, "Required training saved.")
            return redirect("learning:program", program_id=program.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    rows = selectors.program_training(program)
    return render(
        request,
        "learning/program.html",
        {"program": program, "form": form, "rows": rows, "left": sum(1 for r in rows if r.unmet)},
    )
