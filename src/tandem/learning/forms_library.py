"""The resource form and the library's search form."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.people.models import Skill
from tandem.programs.models import Program

from .models import Resource


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Resource.Kind.choices)
    author = forms.CharField(max_length=200, required=False, help_text="For a book.")
    url = forms.URLField(
        max_length=500,
        required=False,
        label="Link",
        help_text="Shown as a link, never embedded.",
        assume_scheme="https",
    )
    body_markdown = forms.CharField(
        label="Text (Markdown)", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    tags = forms.CharField(required=False, help_text="Topics, comma-separated.")
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(), required=False, help_text="Skills from the taxonomy."
    )
    programs = forms.ModelMultipleChoiceField(
        queryset=Program.objects.none(), required=False, help_text="Empty: for every program."
    )
    weeks = forms.CharField(
        required=False, help_text="Curriculum weeks it suits, comma-separated; empty: any week."
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["programs"].queryset = programs  # type: ignore[attr-defined]

    def clean_weeks(self) -> list[int]:
        raw = [w.strip() for w in self.cleaned_data["weeks"].split(",") if w.strip()]
        if not all(w.isdigit() and 1 <= int(w) <= 104 for w in raw):
            raise forms.ValidationError("Week numbers from 1 to 104, separated by commas.")
        return [int(w) for w in raw]

    def to_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "kind": d["kind"],
            "author": d["author"],
            "url": d["url"],
            "body_markdown": d["body_markdown"],
            "tags": [t.strip() for t in d["tags"].split(",") if t.strip()],
            "skill_ids": [s.pk for s in d["skills"]],
            "program_ids": [p.pk for p in d["programs"]],
            "weeks": d["weeks"],
        }


def resource_initial(r: Resource) -> dict[str, Any]:
    return {
        "title": r.title,
        "kind": r.kind,
        "author": r.author,
        "url": r.url,
        "body_markdown": r.body_markdown,
        "tags": ", ".join(r.tags),
        "skills": [s.pk for s in r.skills.all()],
        "programs": [p.pk for p in r.programs.all()],
        "weeks": ", ".join(map(str, r.weeks)),
    }


class LibrarySearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Resource.Kind.choices], required=False)
    tag = forms.ChoiceField(choices=[("", "Any topic")], required=False, label="Topic")
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.none(), required=False, empty_label="Any skill"
    )
    week = forms.IntegerField(min_value=1, max_value=104, required=False, label="Curriculum week")

    def __init__(self, *args: Any, tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", "Any topic"), *((t, t) for t in tags)]  # type: ignore[attr-defined]
        self.fields["skill"].queryset = Skill.objects.filter(resources__isnull=False).distinct()  # type: ignore[attr-defined]
