"""Success stories on the web: a program's manager writes one; each member of the
relationship agrees to publish it, or withdraws that consent, on the relationship's home."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.core.permissions import is_org_admin
from tandem.programs.permissions import is_program_manager
from tandem.programs.selectors import access_program_by_id

from . import stories
from .forms_stories import StoryForm
from .models import SuccessStory


@login_required
@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access_program_by_id(actor=request.user, program_id=program_id)
    if not (is_org_admin(request.user) or is_program_manager(request.user, program)):
        raise PermissionDenied(stories.WRITE_REFUSED)
    chosen = request.GET.get("relationship", "")
    initial = {"relationship": int(chosen)} if chosen.isdigit() else {}
    form = StoryForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            stories.write_story(
                actor=request.user,
                relationship_id=form.cleaned_data["relationship"].pk,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                program_id=program.pk,
            )
        except DomainError as exc:
            field = {"relationship_id": "relationship", "body": "body"}.get(exc.field or "")
            form.add_error(field, exc.message)
        else:
            messages.success(request, "Story saved. Each member has been asked to agree.")
            return redirect(reverse("programs:detail", args=[program.pk]) + "#success-stories")
    return render(request, "learning/story_form.html", {"form": form, "program": program})


def _back(story: SuccessStory) -> HttpResponse:
    return redirect(reverse("relationships:detail", args=[story.relationship_id]) + "#stories")


@login_required
@require_POST
def story_consent(request: HttpRequest, story_id: int) -> HttpResponse:
    story = stories.access_story_by_id(actor=request.user, story_id=story_id)
    try:
        story = stories.consent_to_story(actor=request.user, story=story)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if story.published_at:
        messages.success(request, "Thank you. Everyone agreed: the story is on the program's page.")
    else:
        messages.success(request, "Thank you. It is published once every member has agreed.")
    return _back(story)


@login_required
@require_POST
def story_withdraw(request: HttpRequest, story_id: int) -> HttpResponse:
    story = stories.access_story_by_id(actor=request.user, story_id=story_id)
    try:
        story = stories.withdraw_consent(actor=request.user, story=story)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, "Consent withdrawn. The story is not shown on the program's page.")
    return _back(story)
