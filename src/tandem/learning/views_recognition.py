"""The recognition wall (organisation or one program), kudos, and the wall opt-out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.core.errors import DomainError
from tandem.people.models import Person
from tandem.people.selectors import person_of
from tandem.programs.models import Program

from . import recognition, stories
from .models import LearningSettings


class KudosForm(forms.Form):
    to = forms.ModelChoiceField(queryset=Person.objects.none(), label="To the mentor")
    message = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, mentors: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[m.pk for m in mentors]
        ).order_by("full_name")


class WallSettingForm(forms.Form):
    on_recognition_wall = forms.BooleanField(
        required=False, label="Show my kudos and badges on the recognition wall"
    )


@login_required
def wall_page(request: HttpRequest) -> HttpResponse:
    program_id = request.GET.get("program", "")
    program = Program.objects.filter(pk=int(program_id)).first() if program_id.isdigit() else None
    me = person_of(request.user)
    mentors = recognition.mentors_i_may_thank(request.user) if me else []
    form = KudosForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        try:
            recognition.give_kudos(
                actor=request.user,
                to_person_id=form.cleaned_data["to"].pk,
                message=form.cleaned_data["message"],
                program_id=program.pk if program else None,
            )
            messages.success(request, "Kudos sent.")
            return redirect(request.get_full_path())
        except DomainError as exc:
            form.add_error("to" if exc.field == "to_person_id" else None, exc.message)
    on_wall = not LearningSettings.objects.filter(person=me, on_recognition_wall=False).exists()
    wall = recognition.wall(program_id=program.pk if program else None)
    return render(
        request,
        "learning/recognition.html",
        {
            "wall": wall,
            "stories": [
                s
                for s in stories.visible_stories(
                    request.user, program_id=program.pk if program else None
                )
                if s.published_at
            ][:5],
            "badges": wall.badges,
            "program": program,
            "form": form if mentors else None,
            "setting": WallSettingForm(initial={"on_recognition_wall": on_wall}),
        },
    )


@login_required
@require_POST
def wall_setting(request: HttpRequest) -> HttpResponse:
    form = WallSettingForm(request.POST)
    form.is_valid()
    try:
        recognition.set_on_wall(
            actor=request.user, on_wall=bool(form.cleaned_data.get("on_recognition_wall"))
        )
        messages.success(request, "Saved.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:recognition")
