"""Forms for the program pages: rendering and parsing only; the rules stay in services."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.core.forms import IsoDateInput
from tandem.matching.scoring import CRITERIA
from tandem.people.models import Person

from . import form_rows
from .eligibility import ROLE_KEYS
from .models import EnrollmentQuestion, Participant, Program

DATE = IsoDateInput()
CRITERION_LABELS = {
    "skills": "Skills (wanted vs expertise)",
    "goals_text": "Career goals vs experience (text)",
    "seniority": "Seniority gap",
    "department": "Department (same/different as set above)",
    "time_zone": "Time-zone overlap",
    "language": "Shared language",
    "format": "Meeting format fit",
    "interests": "Shared interests",
    "requested": "Mentee's requests",
}
QUESTIONS_HELP = (
    "One question per line: <code>text | kind | choices separated by ; | required | audience"
    "</code>. Kinds: text, single, multiple, scale (1–5). Audience: all, mentor, mentee. "
    "Example: <code>Which format suits you? | single | Virtual; In person | required</code>"
)
CURRICULUM_HELP = "One week per line: <code>Week 1: Topic — details</code>."
FIELD_ALIASES = {
    "matching_weights": "weight_skills",
    "constraints": "preferred_gap_low",
    "questions": "questions_text",
    "curriculum": "curriculum_text",
    "manager_ids": "managers",
    "eligibility": "departments",
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _csv(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,\n]", text or "") if p.strip()]


def _people_ids(text: str, field: str) -> list[int]:
    """Emails or employee ids → person ids; unknown ones are a form error."""
    keys = _csv(text)
    found = Person.objects.filter(email__in=[k.lower() for k in keys]) | Person.objects.filter(
        employee_id__in=keys
    )
    by_key = {}
    for person in found:
        by_key[person.email.lower()] = person.pk
        by_key[person.employee_id] = person.pk
    unknown = [k for k in keys if k.lower() not in by_key and k not in by_key]
    if unknown:
        raise forms.ValidationError(f"Nobody in the directory with: {', '.join(unknown)}.")
    return sorted({by_key.get(k.lower(), by_key.get(k, 0)) for k in keys})


def _people_text(ids: list[int]) -> str:
    return ", ".join(Person.objects.filter(pk__in=ids).values_list("email", flat=True))


def format_curriculum(items: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"Week {i['week']}: {i['topic']}" + (f" — {i['details']}" if i.get("details") else "")
        for i in items
    )


def parse_curriculum(text: str) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(_lines(text), start=1):
        match = re.match(r"^(?:week\s*)?(\d+)\s*[:.)-]\s*(.+)$", line, re.IGNORECASE)
        if not match:
            raise forms.ValidationError(f"Line {n}: write “Week 3: Topic — details”.")
        topic, _, details = match.group(2).partition(" — ")
        items.append(
            {"week": int(match.group(1)), "topic": topic.strip(), "details": details.strip()}
        )
    return items


def format_questions(questions: list[EnrollmentQuestion]) -> str:
    lines = []
    for q in questions:
        parts = [q.text, q.kind, "; ".join(q.choices), "required" if q.required else "", q.audience]
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


def parse_questions(text: str, existing: list[EnrollmentQuestion]) -> list[dict[str, Any]]:
    by_text = {q.text: q.pk for q in existing}
    items = []
    for line in _lines(text):
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        item = {
            "text": parts[0],
            "kind": parts[1] or "text",
            "choices": [c.strip() for c in parts[2].split(";") if c.strip()],
            "required": parts[3].lower() in ("required", "yes", "true", "1"),
            "audience": parts[4] or "all",
        }
        if parts[0] in by_text:
            item["id"] = by_text[parts[0]]
        items.append(item)
    return items


# Editor fields copied one-to-one between the form and the program.
PLAIN_FIELDS = (
    "name",
    "type",
    "format",
    "description",
    "purpose",
    "enrollment_opens",
    "enrollment_closes",
    "matching_date",
    "starts_on",
    "ends_on",
    "meeting_cadence_days",
    "default_mentor_capacity",
    "matching_mode",
    "agreement_text",
)


class ProgramForm(forms.Form):
    name = forms.CharField(max_length=200)
    type = forms.ChoiceField(choices=Program.Type.choices)
    format = forms.ChoiceField(choices=Program.Format.choices)
    description = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences shown on the program list.",
    )
    purpose = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the program exists, tied to the organisation's values.",
    )
    values = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Organisation values served, one per line.",
    )
    objectives = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One objective per line.",
    )
    enrollment_opens = forms.DateField(label="Enrolment opens", required=False, widget=DATE)
    enrollment_closes = forms.DateField(label="Enrolment closes", required=False, widget=DATE)
    matching_date = forms.DateField(label="Matching date", required=False, widget=DATE)
    starts_on = forms.DateField(label="Program starts", required=False, widget=DATE)
    ends_on = forms.DateField(label="Program ends", required=False, widget=DATE)
    meeting_cadence_days = forms.IntegerField(
        min_value=1, max_value=365, initial=14, help_text="Suggested days between meetings."
    )
    default_mentor_capacity = forms.IntegerField(min_value=1, max_value=50, initial=2)
    matching_mode = forms.ChoiceField(choices=Program.MatchingMode.choices)
    departments = forms.CharField(required=False, help_text="Comma-separated; empty = all.")
    level_min = forms.IntegerField(
        label="Lowest job level", required=False, min_value=1, max_value=20
    )
    level_max = forms.IntegerField(
        label="Highest job level", required=False, min_value=1, max_value=20
    )
    locations = forms.CharField(required=False, help_text="Comma-separated; empty = all.")
    groups = forms.CharField(
        label="Directory groups",
        required=False,
        help_text="Groups from your identity provider (SCIM), comma-separated; empty = all.",
    )
    hired_within_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, help_text="E.g. 90 for new hires."
    )
    include = forms.CharField(
        required=False, label="Always include", help_text="Emails or employee ids, comma-separated."
    )
    exclude = forms.CharField(
        required=False, label="Always exclude", help_text="Emails or employee ids, comma-separated."
    )
    role_rules = forms.CharField(
        required=False,
        label="Rules per role (JSON)",
        widget=forms.HiddenInput,
        help_text='Advanced: e.g. {"mentee": {"hired_within_days": 90}, '
        '"mentor": {"levels": {"min": 4}}}.',
    )
    curriculum_text = forms.CharField(
        label="Curriculum",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=CURRICULUM_HELP,
    )
    conversation_starters = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="One per line."
    )
    agreement_text = forms.CharField(
        label="Mentoring agreement",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    questions_text = forms.CharField(
        label="Enrolment questions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=QUESTIONS_HELP,
    )
    preferred_gap_low = forms.IntegerField(
        label="Preferred level gap from",
        required=False,
        min_value=-20,
        max_value=20,
        help_text="Mentor level − mentee level; negative for reverse mentoring.",
    )
    preferred_gap_high = forms.IntegerField(label="to", required=False, min_value=-20, max_value=20)
    min_level_gap = forms.IntegerField(required=False, min_value=-20, max_value=20)
    max_level_gap = forms.IntegerField(required=False, min_value=-20, max_value=20)
    department_preference = forms.ChoiceField(
        choices=[
            ("different", "Prefer a different department"),
            ("same", "Prefer the same department"),
        ],
    )
    min_score = forms.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="Pairs below this score are never proposed (0–1).",
    )
    managers = forms.CharField(
        required=False,
        label="Program managers",
        help_text="Emails or employee ids, comma-separated.",
    )

    def __init__(
        self,
        *args: Any,
        program: Program | None = None,
        initial_design: dict[str, Any] | None = None,
        can_change_managers: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            source: Any = self.data
            data: Any = source.copy()
            for name, text in (
                ("curriculum_text", form_rows.curriculum_text_from_rows(data)),
                ("questions_text", form_rows.questions_text_from_rows(data)),
            ):
                if text is not None:
                    data[name] = text
            self.data = data
        self.fields.update(form_rows.role_rule_fields())
        for criterion in CRITERIA:
            self.fields[f"weight_{criterion}"] = forms.FloatField(
                label=CRITERION_LABELS[criterion], min_value=0, max_value=100, initial=0
            )
        self.program = program
        if not can_change_managers:
            self.fields["managers"].disabled = True
        if not self.is_bound:
            self.initial.update(self._initial(program, initial_design or {}))

    @staticmethod
    def _initial(program: Program | None, design: dict[str, Any]) -> dict[str, Any]:
        get = (lambda k, d=None: getattr(program, k)) if program else design.get
        rules = dict(get("eligibility", {}) or {})
        constraints = get("constraints", {}) or {}
        weights = get("matching_weights", {}) or {}
        gap = constraints.get("preferred_level_gap") or [None, None]
        initial = {k: get(k) for k in PLAIN_FIELDS if get(k) is not None}
        initial.update(
            values="\n".join(get("values", []) or []),
            objectives="\n".join(get("objectives", []) or []),
            conversation_starters="\n".join(get("conversation_starters", []) or []),
            curriculum_text=format_curriculum(get("curriculum", []) or []),
            departments=", ".join(rules.get("departments", [])),
            locations=", ".join(rules.get("locations", [])),
            groups=", ".join(rules.get("groups", [])),
            level_min=(rules.get("levels") or {}).get("min"),
            level_max=(rules.get("levels") or {}).get("max"),
            hired_within_days=rules.get("hired_within_days"),
            include=_people_text(rules.get("include", [])),
            exclude=_people_text(rules.get("exclude", [])),
            role_rules=json.dumps({r: rules[r] for r in ROLE_KEYS if r in rules})
            if any(r in rules for r in ROLE_KEYS)
            else "",
            **form_rows.role_rule_initial(rules),
            preferred_gap_low=gap[0],
            preferred_gap_high=gap[1],
            min_level_gap=constraints.get("min_level_gap"),
            max_level_gap=constraints.get("max_level_gap"),
            department_preference=constraints.get("department", "different"),
            min_score=constraints.get("min_score"),
            **{f"weight_{c}": weights.get(c, 0) for c in CRITERIA},
        )
        if program is not None:
            initial["questions_text"] = format_questions(list(program.questions.all()))
            initial["managers"] = _people_text([m.pk for m in program.managers.all()])
        else:
            initial["questions_text"] = format_questions(
                [
                    EnrollmentQuestion(**{k: v for k, v in q.items() if k != "position"})
                    for q in design.get("questions", [])
                ]
            )
        return initial

    SECTIONS = (
        ("Basics", ("name", "type", "format", "description", "purpose", "values", "objectives")),
        (
            "Dates and rhythm",
            (
                "enrollment_opens",
                "enrollment_closes",
                "matching_date",
                "starts_on",
                "ends_on",
                "meeting_cadence_days",
            ),
        ),
        (
            "Audience and eligibility",
            (
                "departments",
                "level_min",
                "level_max",
                "locations",
                "groups",
                "hired_within_days",
                "include",
                "exclude",
                *form_rows.ROLE_RULE_NAMES,
            ),
        ),
        ("Content", ("conversation_starters", "agreement_text")),
        ("Enrolment", ("default_mentor_capacity", "managers")),
        (
            "Matching",
            (
                "matching_mode",
                "department_preference",
                "preferred_gap_low",
                "preferred_gap_high",
                "min_level_gap",
                "max_level_gap",
                "min_score",
                *(f"weight_{c}" for c in CRITERIA),
            ),
        ),
    )

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_include(self) -> list[int]:
        return _people_ids(self.cleaned_data.get("include", ""), "include")

    def clean_exclude(self) -> list[int]:
        return _people_ids(self.cleaned_data.get("exclude", ""), "exclude")

    def clean_managers(self) -> list[int]:
        value = self.cleaned_data.get("managers", "")
        return _people_ids(value, "managers") if isinstance(value, str) else value

    def clean_role_rules(self) -> dict[str, Any]:
        text = self.cleaned_data.get("role_rules", "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"Not valid JSON: {exc.msg}.") from exc
        if not isinstance(value, dict) or set(value) - set(ROLE_KEYS):
            raise forms.ValidationError("Use an object with keys mentor, mentee or peer.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "mentee_level_min" in self.data and isinstance(cleaned.get("role_rules"), dict):
            cleaned["role_rules"] = form_rows.merge_role_rules(cleaned["role_rules"], cleaned)
        return cleaned

    question_kinds = form_rows.QUESTION_KINDS
    question_audiences = form_rows.QUESTION_AUDIENCES

    def curriculum_rows(self) -> list[dict[str, Any]]:
        items = (
            self.cleaned_data.get("curriculum_text") if self.is_bound and self.is_valid() else None
        )
        if not isinstance(items, list):
            text = (
                self.data.get("curriculum_text", "")
                if self.is_bound
                else self.initial.get("curriculum_text", "")
            )
            try:
                items = parse_curriculum(text or "")
            except forms.ValidationError:
                items = []
        return form_rows.curriculum_rows(items)

    def question_rows(self) -> list[dict[str, Any]]:
        text = (
            self.data.get("questions_text", "")
            if self.is_bound
            else self.initial.get("questions_text", "")
        )
        return form_rows.question_rows(parse_questions(text or "", []))

    def clean_curriculum_text(self) -> list[dict[str, Any]]:
        return parse_curriculum(self.cleaned_data.get("curriculum_text", ""))

    def service_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        levels = {k: v for k, v in (("min", d["level_min"]), ("max", d["level_max"])) if v}
        eligibility: dict[str, Any] = {
            "departments": _csv(d["departments"]),
            "levels": levels,
            "locations": _csv(d["locations"]),
            "groups": _csv(d["groups"]),
            "hired_within_days": d["hired_within_days"],
            "include": d["include"],
            "exclude": d["exclude"],
            **d["role_rules"],
        }
        constraints: dict[str, Any] = {
            "department": d["department_preference"],
            "min_level_gap": d["min_level_gap"],
            "max_level_gap": d["max_level_gap"],
            "min_score": d["min_score"],
        }
        if d["preferred_gap_low"] is not None and d["preferred_gap_high"] is not None:
            constraints["preferred_level_gap"] = [d["preferred_gap_low"], d["preferred_gap_high"]]
        existing = list(self.program.questions.all()) if self.program else []
        data = {k: d[k] for k in PLAIN_FIELDS}
        data.update(
            values=_lines(d["values"]),
            objectives=_lines(d["objectives"]),
            conversation_starters=_lines(d["conversation_starters"]),
            curriculum=d["curriculum_text"],
            eligibility=eligibility,
            constraints={k: v for k, v in constraints.items() if v is not None},
            matching_weights={c: d[f"weight_{c}"] for c in CRITERIA},
            questions=parse_questions(d["questions_text"], existing),
        )
        if not self.fields["managers"].disabled:
            data["manager_ids"] = d["managers"]
        return data

    def add_domain_error(self, exc: DomainError) -> None:
        errors = exc.errors or []
        for error in errors:
            field = FIELD_ALIASES.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
        if not errors:
            self.add_error(None, exc.message)


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
    resend = forms.BooleanField(required=False, label="Send again even if already announced")


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
