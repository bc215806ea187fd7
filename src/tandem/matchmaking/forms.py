"""Forms of the matching pages (rendering and parsing; the rules stay in the services)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.matching.scoring import CRITERIA

from .models import MatchRun
from .selectors import MentorChoice

CRITERION_LABELS = {
    "skills": "Skills to develop vs mentor expertise",
    "goals_text": "Career goals vs mentor experience (text)",
    "seniority": "Seniority gap",
    "department": "Department (same / different)",
    "time_zone": "Time-zone overlap",
    "language": "Shared language",
    "format": "Meeting-format fit",
    "interests": "Interests outside work",
    "requested": "Mentee asked for the mentor",
}


class DomainErrorFormMixin:
    """Show a service's ``DomainError`` on the right fields (or on top of the form)."""

    def add_domain_error(self, exc: DomainError) -> None:
        form: Any = self
        for error in exc.errors:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        if not exc.errors:
            form.add_error(None, exc.message)


class RunForm(DomainErrorFormMixin, forms.Form):
    """Start a run: solver, coverage first, and (optionally) this run's weights."""

    solver = forms.ChoiceField(
        choices=MatchRun.Solver.choices,
        initial=MatchRun.Solver.OPTIMAL,
        widget=forms.RadioSelect,
        help_text="Stable: no mentee and mentor would both rather be paired together.",
    )
    prioritize_coverage = forms.BooleanField(
        required=False,
        initial=True,
        label="Match as many mentees as possible first",
        help_text="Then the best total score among those matchings.",
    )

    def __init__(
        self, *args: Any, weights: Mapping[str, float], pairs_only: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not pairs_only:
            del self.fields["solver"]
        for name in CRITERIA:
            self.fields[f"w_{name}"] = forms.FloatField(
                label=CRITERION_LABELS[name],
                min_value=0,
                max_value=100,
                required=False,
                initial=weights.get(name, 0),
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )

    def weight_fields(self) -> list[Any]:
        return [self[f"w_{name}"] for name in CRITERIA]

    def weights(self) -> dict[str, float]:
        data = self.cleaned_data
        return {name: float(data.get(f"w_{name}") or 0) for name in CRITERIA}


def mentor_label(choice: MentorChoice) -> str:
    seats = "seat" if choice.free == 1 else "seats"
    left = max(choice.left, 0)
    status = f"{left} of {choice.free} {seats} free in this run"
    if choice.left <= 0:
        status += " — full"
    title = f", {choice.participant.person.title}" if choice.participant.person.title else ""
    return f"{choice.participant.person.full_name}{title} ({status})"


class ReassignForm(DomainErrorFormMixin, forms.Form):
    mentor_id = forms.TypedChoiceField(coerce=int, label="New mentor")
    confirm = forms.BooleanField(
        required=False,
        label="I have read the warnings and want this pair anyway",
    )

    def __init__(
        self,
        *args: Any,
        mentors: Sequence[MentorChoice],
        exclude: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["mentor_id"]
        field.choices = [("", "Choose a mentor…")] + [
            (c.participant.pk, mentor_label(c)) for c in mentors if c.participant.pk != exclude
        ]


class RequestForm(DomainErrorFormMixin, forms.Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Message to the mentor",
        help_text="Say what you hope to learn and how you like to meet.",
    )


class DeclineForm(DomainErrorFormMixin, forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        label="Note to the mentee",
        widget=forms.TextInput(attrs={"placeholder": "Optional: why, or who to ask instead"}),
    )


class RematchForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why does this relationship end?",
        help_text="Both members see it. They return to the pool and are never paired again.",
    )
