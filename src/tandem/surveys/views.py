"""Survey pages: the list, the builder, the one-page answer form and the results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.core.permissions import is_leader, is_org_admin
from tandem.programs.models import Program

from . import permissions, responding, results, selectors, services
from .forms import NewSurveyForm, QuestionForm, ResponseForm, SurveySettingsForm
from .models import Survey


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    running = []
    if permissions.can_build_surveys(request.user) or is_leader(request.user):
        surveys = selectors.managed_surveys(request.user)[:100]
        running = [{"survey": s, **results.response_rate(s)} for s in surveys]
    return render(
        request,
        "surveys/list.html",
        {
            "waiting": selectors.surveys_waiting_for(request.user),
            "running": running,
            "can_build": permissions.can_build_surveys(request.user),
        },
    )


def _buildable_programs(user: Any) -> list[Program]:
    programs = Program.objects.order_by("name")
    if not is_org_admin(user):
        programs = programs.filter(managers__user=user)
    return list(programs)


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_build_surveys(request.user):
        raise Http404
    programs = _buildable_programs(request.user)
    form = NewSurveyForm(
        request.POST or None, programs=programs, org_wide=is_org_admin(request.user)
    )
    if request.method == "POST" and form.is_valid():
        program_id = form.cleaned_data["program"]
        program = next((p for p in programs if str(p.pk) == program_id), None)
        try:
            survey = services.create_survey(
                actor=request.user,
                program=program,
                template_key=form.cleaned_data["template_key"],
                questions=None
                if form.cleaned_data["template_key"]
                else [{"kind": "likert", "text": "Overall, the program is worth my time."}],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Survey created as a draft. Check it, then open it.")
            return redirect("surveys:edit", survey_id=survey.pk)
    return render(request, "surveys/new.html", {"form": form})


def _settings_initial(survey: Survey) -> dict[str, Any]:
    return {name: getattr(survey, name) for name in services.EDITABLE}


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.access_managed_survey_by_id(actor=request.user, survey_id=survey_id)
    posted = request.POST if request.POST.get("form") == "settings" else None
    form = SurveySettingsForm(posted, initial=_settings_initial(survey))
    question_form = QuestionForm(
        request.POST if request.POST.get("form") == "question" else None,
        initial={"required": True},
    )
    if posted is not None and form.is_valid():
        try:
            services.update_survey(actor=request.user, survey=survey, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Survey settings saved.")
            return redirect("surveys:edit", survey_id=survey.pk)
    if request.POST.get("form") == "question" and question_form.is_valid():
        questions = [*services.questions_as_dicts(survey), question_form.as_question()]
        try:
            services.update_survey(actor=request.user, survey=survey, questions=questions)
        except DomainError as exc:
            question_form.add_domain_error(exc)
        else:
            messages.success(request, "Question added.")
            return redirect("surveys:edit", survey_id=survey.pk)
    return render(
        request,
        "surveys/edit.html",
        {
            "survey": survey,
            "form": form,
            "question_form": question_form,
            "answered": survey.completions.exists(),
            "rate": results.response_rate(survey),
        },
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = selectors.access_managed_survey_by_id(actor=request.user, survey_id=survey_id)
    questions = [
        q
        for q, row in zip(services.questions_as_dicts(survey), survey.questions.all(), strict=True)
        if row.pk != question_id
    ]
    try:
        services.update_survey(actor=request.user, survey=survey, questions=questions)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Question removed.")
    return redirect("surveys:edit", survey_id=survey.pk)


@login_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.access_managed_survey_by_id(actor=request.user, survey_id=survey_id)
    status = request.POST.get("status", "")
    try:
        services.update_survey(actor=request.user, survey=survey, status=status)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Survey {survey.get_status_display().lower()}.")
    return redirect("surveys:edit", survey_id=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def survey_respond(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.access_survey_by_id(actor=request.user, survey_id=survey_id)
    relationship_id = request.GET.get("relationship") or request.POST.get("relationship")
    rel = int(relationship_id) if relationship_id and relationship_id.isdigit() else None
    form = ResponseForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            responding.submit_response(
                actor=request.user, survey=survey, answers=form.answers(), relationship_id=rel
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Thank you — your answers are in.")
            return redirect("surveys:list")
    return render(
        request,
        "surveys/respond.html",
        {"survey": survey, "form": form, "relationship_id": rel},
    )


@login_required
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = selectors.access_results_by_id(actor=request.user, survey_id=survey_id)
    figures = results.survey_results(survey, by="role")
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "r": figures,
            "can_manage": permissions.can_manage_survey(request.user, survey),
        },
    )
