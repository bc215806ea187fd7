"""Forms for the program pages: rendering and parsing only; the rules stay in services."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.core.forms import IsoDateInput

from .models import EnrollmentQuestion, Participant, Program

DATE = IsoDateInput()


class CloneForm(forms.Form):
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to keep the same name."
    )
    enrollment_opens = forms.DateField(label="Enrolment opens", widget=DATE)
    enrollment_closes = forms.DateField(label="Enrolment closes", widget=DATE)
    matching_date = forms.DateField(required=False, widget=DATE)
    starts_on = forms.DateField(widget=DATE)
    ends_on = forms.DateField(widget=DATE)


class AnnouncementForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A personal note shown above the program's purpose (optional).",
    )
    story_id = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Quote a success story",
        help_text="Its title and first paragraph, with a link (published stories only).",
    )
    resend = forms.BooleanField(required=False, label="Send again even if already announced")

    def __init__(self, *args: Any, stories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stories:
            self.fields["story_id"].choices = [("", "No story"), *stories]  # type: ignore[attr-defined]
        else:
            del self.fields["story_id"]


class EnrolForm(forms.Form):
    """Role, capacity (mentors) and one field per enrolment question."""

    role = forms.ChoiceField(widget=forms.RadioSelect, label="I want to join as")
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=50,
        label="Mentees I can take (mentors)",
        help_text="How many mentees you can support at once, 1–50.",
    )

    def __init__(self, *args: Any, program: Program, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        labels = dict(Participant.Role.choices)
        self.fields["role"].choices = [(r, labels[r]) for r in roles]  # type: ignore[attr-defined]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        if "mentor" not in roles:
            del self.fields["capacity"]
        else:
            self.fields["capacity"].initial = program.default_mentor_capacity
        for question in program.questions.all():
            self.fields[f"q_{question.pk}"] = self._question_field(question)

    def clean(self) -> dict[str, Any]:
        """Questions for the other role are not required: drop their "required" errors."""
        data = super().clean() or {}
        role = data.get("role")
        for question in self.program.questions.all():
            name = f"q_{question.pk}"
            if question.audience not in ("all", role) and name in self.errors:
                del self.errors[name]
        return data

    @staticmethod
    def _question_field(question: EnrollmentQuestion) -> forms.Field:
        label = question.text + ("" if question.audience == "all" else f" ({question.audience}s)")
        common: dict[str, Any] = {"label": label, "required": question.required}
        if question.required:
            common["error_messages"] = {"required": f"Please answer “{question.text}”."}
        choices = [(c, c) for c in question.choices]
        if question.kind == "single":
            return forms.ChoiceField(choices=[("", "—"), *choices], **common)
        if question.kind == "multiple":
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == "scale":
            scale = [(str(i), str(i)) for i in range(1, 6)]
            return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)

    def answers(self, role: str) -> dict[str, Any]:
        """Answers for the chosen role's questions (the service checks required ones)."""
        result: dict[str, Any] = {}
        for question in self.program.questions.all():
            if question.audience not in ("all", role):
                continue
            value = self.cleaned_data.get(f"q_{question.pk}")
            if question.kind == "scale" and value:
                value = int(value)
            result[str(question.pk)] = value
        return result

    def add_domain_error(self, exc: DomainError) -> None:
        for error in exc.errors or []:
            name = error.field.replace("answers.", "q_")
            if name in self.fields:
                self.add_error(name, error.message)
                return
        self.add_error(None, exc.message)


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(min_value=1, max_value=50)


class BulkDecisionForm(forms.Form):
    participant_ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    status = forms.ChoiceField(
        choices=[("approved", "Approve"), ("waitlisted", "Waitlist"), ("declined", "Decline")]
    )
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant_ids"].choices = [(i, str(i)) for i in ids]  # type: ignore[attr-defined]
        self.fields["participant_ids"].error_messages["required"] = "Select at least one person."
