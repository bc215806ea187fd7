"""The program form's rows and rule fields: curriculum weeks and enrolment questions as
add/remove rows, and eligibility per role as fields instead of JSON.

The rows post lists (``curriculum_week``, ``curriculum_topic``…); ``ProgramForm`` turns them
into the text its parsers already validate, so the API and the page share one set of rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from .models import EnrollmentQuestion

EXTRA_ROWS = 1
ROLE_RULE_ROLES = (("mentee", "Mentees"), ("mentor", "Mentors"))
ROLE_RULE_NAMES = tuple(
    f"{role}_{name}"
    for role, _ in ROLE_RULE_ROLES
    for name in ("level_min", "level_max", "hired_within_days")
)


def _getlist(data: Any, key: str) -> list[str]:
    return [str(v) for v in data.getlist(key)] if hasattr(data, "getlist") else []


def curriculum_text_from_rows(data: Any) -> str | None:
    """``None`` when the post has no curriculum rows (then the text field is used as sent)."""
    if "curriculum_topic" not in data:
        return None
    weeks, topics = _getlist(data, "curriculum_week"), _getlist(data, "curriculum_topic")
    details = _getlist(data, "curriculum_details")
    lines = []
    for i, topic in enumerate(topics):
        topic = topic.strip()
        if not topic:
            continue
        week = (weeks[i].strip() if i < len(weeks) else "") or str(i + 1)
        detail = details[i].strip() if i < len(details) else ""
        lines.append(f"Week {week}: {topic}" + (f" — {detail}" if detail else ""))
    return "\n".join(lines)


def questions_text_from_rows(data: Any) -> str | None:
    if "question_text" not in data:
        return None
    columns = [
        _getlist(data, f"question_{k}") for k in ("text", "kind", "choices", "required", "audience")
    ]
    lines = []
    for i, text in enumerate(columns[0]):
        text = text.strip().replace("|", "/")
        if not text:
            continue
        kind, choices, required, audience = (
            (col[i].strip() if i < len(col) else "") for col in columns[1:]
        )
        parts = [
            text,
            kind or "text",
            choices.replace("|", "/"),
            "required" if required == "yes" else "",
            audience or "all",
        ]
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def curriculum_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {"week": i.get("week", n), "topic": i.get("topic", ""), "details": i.get("details", "")}
        for n, i in enumerate(items, start=1)
    ]
    rows += [{"week": len(rows) + k + 1, "topic": "", "details": ""} for k in range(EXTRA_ROWS)]
    return rows


def question_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "text": q.get("text", ""),
            "kind": q.get("kind", "text"),
            "choices": "; ".join(q.get("choices", []) or []),
            "required": bool(q.get("required")),
            "audience": q.get("audience", "all"),
        }
        for q in items
    ]
    blank = {"text": "", "kind": "text", "choices": "", "required": False, "audience": "all"}
    return rows + [dict(blank) for _ in range(EXTRA_ROWS)]


QUESTION_KINDS = EnrollmentQuestion.Kind.choices
QUESTION_AUDIENCES = EnrollmentQuestion.Audience.choices


def role_rule_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for role, label in ROLE_RULE_ROLES:
        fields[f"{role}_level_min"] = forms.IntegerField(
            label=f"{label}: lowest job level", required=False, min_value=1, max_value=20
        )
        fields[f"{role}_level_max"] = forms.IntegerField(
            label=f"{label}: highest job level", required=False, min_value=1, max_value=20
        )
        fields[f"{role}_hired_within_days"] = forms.IntegerField(
            label=f"{label}: hired within (days)",
            required=False,
            min_value=1,
            max_value=3650,
            help_text="E.g. 90 for new hires." if role == "mentee" else "",
        )
    return fields


def role_rule_initial(rules: Mapping[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for role, _ in ROLE_RULE_ROLES:
        own = rules.get(role) or {}
        levels = own.get("levels") or {}
        initial[f"{role}_level_min"] = levels.get("min")
        initial[f"{role}_level_max"] = levels.get("max")
        initial[f"{role}_hired_within_days"] = own.get("hired_within_days")
    return initial


def merge_role_rules(existing: dict[str, Any], cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON rules with the per-role fields applied (other keys are kept as they were)."""
    merged = {role: dict(rules) for role, rules in existing.items()}
    for role, _ in ROLE_RULE_ROLES:
        own = merged.get(role, {})
        levels = {
            k: v
            for k, v in (
                ("min", cleaned.get(f"{role}_level_min")),
                ("max", cleaned.get(f"{role}_level_max")),
            )
            if v
        }
        own.pop("levels", None)
        own.pop("hired_within_days", None)
        if levels:
            own["levels"] = levels
        if cleaned.get(f"{role}_hired_within_days"):
            own["hired_within_days"] = cleaned[f"{role}_hired_within_days"]
        if own:
            merged[role] = own
        else:
            merged.pop(role, None)
    return merged
