"""Who may join a program: a pure function over a person, the program's rules and today.

Rules (``Program.eligibility``), every key optional::

    {
      "departments": ["Engineering", "Data"],   # case-insensitive
      "levels": {"min": 3, "max": 6},           # job level bounds, inclusive
      "locations": ["London", "Lisbon"],        # case-insensitive
      "groups": ["Mentoring pilot"],            # directory groups (SCIM), any of them
      "hired_within_days": 90,                  # hired in the last N days
      "include": [12, 48],                      # person ids always eligible (if active)
      "exclude": [7],                           # person ids never eligible
      "mentee": {"hired_within_days": 90},      # extra rules for one role (mentor, mentee,
      "mentor": {"levels": {"min": 4}}          # peer), overriding the same keys above
    }

Evaluation: the person must be active; the exclude list wins over everything; the include
list bypasses the department, level, location, group and tenure rules. Every failing rule gives a
reason, so a refusal can say which rule failed. A person is eligible for a program when they
are eligible for at least one of the roles it enrols.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tandem.core.errors import DomainError

RULE_KEYS = (
    "departments",
    "levels",
    "locations",
    "groups",
    "hired_within_days",
    "include",
    "exclude",
)
ROLE_KEYS = ("mentor", "mentee", "peer")

NOT_ACTIVE = "only active employees can join (status: {status})"
EXCLUDED = "excluded from this program by its managers"
DEPARTMENT = "open to {departments} only (department: {department})"
LEVEL_MIN = "open to job level {minimum} and above (level: {level})"
LEVEL_MAX = "open to job level {maximum} and below (level: {level})"
LEVEL_UNKNOWN = "open to job levels {bounds} and no job level is on record"
LOCATION = "open to people in {locations} only (location: {location})"
GROUPS = "open to members of {groups} only (not a member of any)"
TENURE = "open to people hired in the last {days} days (hired on {hire_date})"
TENURE_UNKNOWN = "open to people hired in the last {days} days and no hire date is on record"

UNKNOWN_RULE = "Unknown eligibility rule “{key}”. Use: " + ", ".join(RULE_KEYS + ROLE_KEYS) + "."
BAD_LIST = "Eligibility “{key}” must be a list of {what}."
BAD_LEVELS = "Eligibility levels must be whole numbers 1–20 with min ≤ max."
BAD_DAYS = "Eligibility “hired_within_days” must be a whole number of days from 1 to 3650."


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _fold(values: Any) -> set[str]:
    return {str(v).strip().casefold() for v in values or [] if str(v).strip()}


def _check_levels(person: Any, levels: dict[str, Any]) -> str | None:
    minimum, maximum = levels.get("min"), levels.get("max")
    if minimum is None and maximum is None:
        return None
    level = person.job_level
    if level is None:
        bounds = f"{minimum or 1}–{maximum or 20}"
        return LEVEL_UNKNOWN.format(bounds=bounds)
    if minimum is not None and level < minimum:
        return LEVEL_MIN.format(minimum=minimum, level=level)
    if maximum is not None and level > maximum:
        return LEVEL_MAX.format(maximum=maximum, level=level)
    return None


def _check_tenure(person: Any, days: int | None, today: dt.date) -> str | None:
    if not days:
        return None
    if person.hire_date is None:
        return TENURE_UNKNOWN.format(days=days)
    if person.hire_date < today - dt.timedelta(days=days):
        return TENURE.format(days=days, hire_date=person.hire_date.isoformat())
    return None


def _group_names(person: Any) -> set[str]:
    """The person's directory groups, folded (prefetch ``directory_groups`` for lists)."""
    related = getattr(person, "directory_groups", None)
    if related is None:
        return set()
    return _fold(g.display_name for g in related.all())


def rules_for_role(rules: dict[str, Any] | None, role: str | None) -> dict[str, Any]:
    """The program-wide rules with the role's own section merged over them."""
    rules = rules or {}
    base = {k: v for k, v in rules.items() if k not in ROLE_KEYS}
    if role and isinstance(rules.get(role), dict):
        base.update(rules[role])
    return base


def check_eligibility(
    person: Any, rules: dict[str, Any] | None, today: dt.date, role: str | None = None
) -> Eligibility:
    """Evaluate ``rules`` for ``person`` (anything with the Person attributes) on ``today``,
    for ``role`` when given (its section of the rules applies too)."""
    rules = rules_for_role(rules, role)
    if person.status != "active":
        return Eligibility(False, [NOT_ACTIVE.format(status=person.status)])
    if person.pk in set(rules.get("exclude") or []):
        return Eligibility(False, [EXCLUDED])
    if person.pk in set(rules.get("include") or []):
        return Eligibility(True)
    reasons: list[str] = []
    departments = rules.get("departments") or []
    if departments and (person.department or "").strip().casefold() not in _fold(departments):
        listed = ", ".join(departments)
        reasons.append(DEPARTMENT.format(departments=listed, department=person.department or "—"))
    level_reason = _check_levels(person, rules.get("levels") or {})
    if level_reason:
        reasons.append(level_reason)
    locations = rules.get("locations") or []
    if locations and (person.location or "").strip().casefold() not in _fold(locations):
        listed = ", ".join(locations)
        reasons.append(LOCATION.format(locations=listed, location=person.location or "—"))
    groups = rules.get("groups") or []
    if groups and not _group_names(person) & _fold(groups):
        reasons.append(GROUPS.format(groups=", ".join(groups)))
    tenure_reason = _check_tenure(person, rules.get("hired_within_days"), today)
    if tenure_reason:
        reasons.append(tenure_reason)
    return Eligibility(not reasons, reasons)


def check_any_role(
    person: Any, rules: dict[str, Any] | None, today: dt.date, roles: tuple[str, ...]
) -> Eligibility:
    """Eligible for at least one of ``roles``; otherwise the reasons of the first role."""
    results = [check_eligibility(person, rules, today, role) for role in roles]
    for result in results:
        if result.eligible:
            return result
    return results[0] if results else check_eligibility(person, rules, today)


def _int_list(key: str, value: Any) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise DomainError(BAD_LIST.format(key=key, what="person ids"), field="eligibility")
    return sorted(set(value))


def _str_list(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DomainError(BAD_LIST.format(key=key, what="names"), field="eligibility")
    return [v.strip() for v in value if v.strip()]


def _levels(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or set(value) - {"min", "max"}:
        raise DomainError(BAD_LEVELS, field="eligibility")
    cleaned = {k: v for k, v in value.items() if v is not None}
    for v in cleaned.values():
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 20:
            raise DomainError(BAD_LEVELS, field="eligibility")
    if "min" in cleaned and "max" in cleaned and cleaned["min"] > cleaned["max"]:
        raise DomainError(BAD_LEVELS, field="eligibility")
    return cleaned


def clean_rules(rules: Any, *, nested: bool = False) -> dict[str, Any]:
    """Validate and normalise eligibility rules, raising DomainError naming the bad rule."""
    if rules is None:
        return {}
    if not isinstance(rules, dict):
        raise DomainError("Eligibility must be an object of rules.", field="eligibility")
    cleaned: dict[str, Any] = {}
    for key, value in rules.items():
        if key in ROLE_KEYS and not nested:
            cleaned[key] = clean_rules(value, nested=True)
            continue
        if key not in RULE_KEYS:
            raise DomainError(UNKNOWN_RULE.format(key=key), field="eligibility")
        if value in (None, [], {}):
            continue
        if key in ("departments", "locations", "groups"):
            cleaned[key] = _str_list(key, value)
        elif key in ("include", "exclude"):
            cleaned[key] = _int_list(key, value)
        elif key == "levels":
            cleaned[key] = _levels(value)
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3650:
            raise DomainError(BAD_DAYS, field="eligibility")
        else:
            cleaned[key] = value
    return {k: v for k, v in cleaned.items() if v not in ([], {})}


def describe_rules(rules: dict[str, Any] | None) -> list[str]:
    """Human sentences for the program page ("Job level 3 to 6")."""
    rules = rules or {}
    lines = _describe(rules)
    for role in ROLE_KEYS:
        if rules.get(role):
            lines.extend(
                f"{role.capitalize()}s: {line[0].lower()}{line[1:]}"
                for line in _describe(rules[role])
            )
    return lines or ["Every active employee"]


def _describe(rules: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if rules.get("departments"):
        lines.append("Departments: " + ", ".join(rules["departments"]))
    levels = rules.get("levels") or {}
    if levels.get("min") and levels.get("max"):
        lines.append(f"Job level {levels['min']} to {levels['max']}")
    elif levels.get("min"):
        lines.append(f"Job level {levels['min']} and above")
    elif levels.get("max"):
        lines.append(f"Job level {levels['max']} and below")
    if rules.get("locations"):
        lines.append("Locations: " + ", ".join(rules["locations"]))
    if rules.get("groups"):
        lines.append("Directory groups: " + ", ".join(rules["groups"]))
    if rules.get("hired_within_days"):
        lines.append(f"Hired in the last {rules['hired_within_days']} days")
    if rules.get("include"):
        lines.append(f"Plus {len(rules['include'])} people invited by name")
    if rules.get("exclude"):
        lines.append(f"Except {len(rules['exclude'])} people excluded by name")
    return lines
