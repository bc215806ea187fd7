"""Program editor text fields ↔ lists: lines, comma lists, people by email or id."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from tandem.people.models import Person

from .models import EnrollmentQuestion


def nonblank_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def csv_items(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,\n]", text or "") if p.strip()]


def people_ids(text: str, field: str) -> list[int]:
    """Emails or employee ids → person ids; unknown ones are a form error."""
    keys = csv_items(text)
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


def people_text(ids: list[int]) -> str:
    return ", ".join(Person.objects.filter(pk__in=ids).values_list("email", flat=True))


def format_curriculum(items: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"Week {i['week']}: {i['topic']}" + (f" — {i['details']}" if i.get("details") else "")
        for i in items
    )


def parse_curriculum(text: str) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(nonblank_lines(text), start=1):
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
    for line in nonblank_lines(text):
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
