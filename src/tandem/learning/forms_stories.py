"""The form a program manager writes a success story with."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.relationships.models import Relationship


class RelationshipChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        names = " & ".join(m.participant.person.full_name for m in obj.members.all())
        return f"{names} ({obj.get_status_display().lower()})"


class StoryForm(forms.Form):
    relationship = RelationshipChoice(
        queryset=Relationship.objects.none(), label="The relationship it is about"
    )
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=5000,
        label="The story",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Markdown: **bold**, *italic*, lists, links. Each member is asked to agree; "
            "it is published on the program's page only when every member has."
        ),
    )

    def __init__(self, *args: Any, program: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relationship"].queryset = (  # type: ignore[attr-defined]
            Relationship.objects.filter(program=program)
            .prefetch_related("members__participant__person")
            .order_by("id")
        )
