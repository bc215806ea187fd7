"""The program editor's form: every design field, rendered and parsed (rules stay in services)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.matching.scoring import CRITERIA

from . import form_rows
from .eligibility import ROLE_KEYS
from .form_text import (
    csv_items,
    format_curriculum,
    format_questions,
    nonblank_lines,
    parse_curriculum,
    parse_questions,
    people_ids,
    people_text,
)
from .forms import DATE
from .models import EnrollmentQuestion, Program

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
            include=people_text(rules.get("include", [])),
            exclude=people_text(rules.get("exclude", [])),
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
            initial["managers"] = people_text([m.pk for m in program.managers.all()])
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
        return people_ids(self.cleaned_data.get("include", ""), "include")

    def clean_exclude(self) -> list[int]:
        return people_ids(self.cleaned_data.get("exclude", ""), "exclude")

    def clean_managers(self) -> list[int]:
        value = self.cleaned_data.get("managers", "")
        return people_ids(value, "managers") if isinstance(value, str) else value

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
            "departments": csv_items(d["departments"]),
            "levels": levels,
            "locations": csv_items(d["locations"]),
            "groups": csv_items(d["groups"]),
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
            values=nonblank_lines(d["values"]),
            objectives=nonblank_lines(d["objectives"]),
            conversation_starters=nonblank_lines(d["conversation_starters"]),
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
