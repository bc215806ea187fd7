"""The form to log a mentoring moment."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core import clock
from tandem.core.forms import IsoDateInput
from tandem.people.models import Person, Skill


class MomentForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("received", "I was helped"), ("gave", "I helped someone")],
        widget=forms.RadioSelect,
        label="What happened",
        initial="received",
    )
    other = forms.ModelChoiceField(queryset=Person.objects.none(), label="The other person")
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.none(), required=False, help_text="Skills it was about."
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="“Ana helped me prepare my first board update.” Only the two of you see it.",
    )
    happened_on = forms.DateField(label="When", widget=IsoDateInput(), initial=clock.today)

    def __init__(self, *args: Any, me: Person | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(status=Person.Status.ACTIVE).order_by("full_name")
        self.fields["other"].queryset = people  # type: ignore[attr-defined]
        self.fields["skills"].queryset = Skill.objects.order_by("name")  # type: ignore[attr-defined]


class SharingForm(forms.Form):
    show_moments_given = forms.BooleanField(
        required=False, label="Show the moments I gave (count and skills) on my page"
    )
