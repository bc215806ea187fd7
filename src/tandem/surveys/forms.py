"""Forms for the survey builder and the one-page answer form."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.core.forms import IsoDateInput

from .audience import EVERYONE
from .models import MIN_GROUP_FLOOR, Question, Survey
from .templates import TEMPLATES

ROLE_CHOICES = [
    ("mentor", "Mentors"),
    ("mentee", "Mentees"),
    ("peer", "Peers"),
    (EVERYONE, "Everyone"),
]


class DomainErrorsMixin(forms.Form):
    def add_domain_error(self, exc: DomainError) -> None:
        for error in exc.errors or []:
            name = error.field.replace("answers.", "")
            if name in self.fields:
                self.add_error(name, error.message)
                return
        self.add_error(None, exc.message)


class NewSurveyForm(DomainErrorsMixin):
    program = forms.ChoiceField(label="Program")
    template_key = forms.ChoiceField(
        label="Start from",
        choices=[("", "A blank survey"), *[(t.key, t.title) for t in TEMPLATES.values()]],
        required=False,
    )

    def __init__(self, *args: Any, programs: list[Any], org_wide: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), p.name) for p in programs]
        if org_wide:
            choices.insert(0, ("", "The whole organisation"))
        self.fields["program"].choices = choices  # type: ignore[attr-defined]
        self.fields["program"].required = not org_wide


class SurveySettingsForm(DomainErrorsMixin):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    anonymous = forms.BooleanField(
        required=False,
        help_text="Answers are stored with no link to the person; results show only for groups "
        "of at least the size below.",
    )
    min_group_size = forms.IntegerField(
        label="Smallest group shown", min_value=MIN_GROUP_FLOOR, max_value=1000, initial=5
    )
    audience = forms.MultipleChoiceField(
        label="Who answers", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    trigger = forms.ChoiceField(label="When", choices=Survey.Trigger.choices)
    opens_on = forms.DateField(required=False, widget=IsoDateInput(), label="Opens on")
    closes_on = forms.DateField(required=False, widget=IsoDateInput(), label="Closes on")
    respond_within_days = forms.IntegerField(
        label="Days to answer (relative surveys)", min_value=1, max_value=365
    )


class QuestionForm(DomainErrorsMixin):
    kind = forms.ChoiceField(choices=Question.Kind.choices)
    text = forms.CharField(max_length=300, label="Question")
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Choice questions: one option per line. Agreement: five labels, or leave empty.",
    )
    required = forms.BooleanField(required=False, initial=True, label="An answer is required")

    def as_question(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "options": [line.strip() for line in data["options"].splitlines() if line.strip()],
            "required": data["required"],
        }


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.text, "required": question.required}
    if question.kind == Question.Kind.LIKERT:
        choices = [(str(i + 1), f"{i + 1} · {label}") for i, label in enumerate(question.options)]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.NPS:
        choices = [(str(i), str(i)) for i in range(11)]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect(attrs={"class": "nps-scale"}),
            help_text="0 = not at all likely, 10 = extremely likely",
            **common,
        )
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            choices=[(o, o) for o in question.options], widget=forms.RadioSelect, **common
        )
    if question.kind == Question.Kind.MULTI_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)


class ResponseForm(DomainErrorsMixin):
    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        for q in self.questions:
            self.fields[f"question_{q.pk}"] = _field_for(q)

    def answers(self) -> list[dict[str, Any]]:
        out = []
        for q in self.questions:
            value = self.cleaned_data.get(f"question_{q.pk}")
            if q.kind in (Question.Kind.LIKERT, Question.Kind.NPS) and value:
                value = int(value)
            out.append({"question_id": q.pk, "value": value})
        return out
