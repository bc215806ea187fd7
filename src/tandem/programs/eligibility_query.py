"""A program's eligibility rules as one SQL filter: the same people ``check_eligibility``
admits, counted by the database instead of one person at a time in Python.

Names (departments, locations, directory groups) compare case-insensitively after trimming,
with Python's ``casefold`` and ``strip``, which SQL's ``LOWER``/``TRIM`` do not reproduce for
every alphabet. So the distinct names on record are read first (one small query per rule
kind the program uses) and folded in Python; the filter then names the exact spellings that
match. Everything else (levels, tenure, include/exclude) is a plain comparison.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

from tandem.people.models import DirectoryGroup, Person

from .design import roles_for_type
from .eligibility import rules_for_role
from .models import Program


def _fold(values: Any) -> set[str]:
    return {str(v).strip().casefold() for v in values or [] if str(v).strip()}


class _Names:
    """The distinct department and location spellings and directory groups, read once."""

    def __init__(self) -> None:
        self._cache: dict[str, list[tuple[Any, str]]] = {}

    def _rows(self, kind: str) -> list[tuple[Any, str]]:
        if kind not in self._cache:
            if kind == "groups":
                rows = DirectoryGroup.objects.values_list("pk", "display_name")
                self._cache[kind] = [(pk, name) for pk, name in rows]
            else:
                field = "department" if kind == "departments" else "location"
                names = Person.objects.order_by().values_list(field, flat=True).distinct()
                self._cache[kind] = [(name, name or "") for name in names]
        return self._cache[kind]

    def matching(self, kind: str, wanted: list[str]) -> list[Any]:
        folded = _fold(wanted)
        return [key for key, name in self._rows(kind) if name.strip().casefold() in folded]


def _rules_q(rules: dict[str, Any], today: dt.date, names: _Names) -> Q:
    """The people one role's (merged) rules admit, on ``today``."""
    q = Q(status=Person.Status.ACTIVE)
    exclude = rules.get("exclude") or []
    if exclude:
        q &= ~Q(pk__in=list(exclude))
    checks = Q()
    if rules.get("departments"):
        spellings = names.matching("departments", rules["departments"])
        checks &= Q(department__in=[s for s in spellings if s is not None])
    levels = rules.get("levels") or {}
    if levels.get("min") is not None or levels.get("max") is not None:
        checks &= Q(job_level__isnull=False)
        if levels.get("min") is not None:
            checks &= Q(job_level__gte=levels["min"])
        if levels.get("max") is not None:
            checks &= Q(job_level__lte=levels["max"])
    if rules.get("locations"):
        spellings = names.matching("locations", rules["locations"])
        checks &= Q(location__in=[s for s in spellings if s is not None])
    if rules.get("groups"):
        group_ids = names.matching("groups", rules["groups"])
        members = DirectoryGroup.members.through.objects.filter(directorygroup_id__in=group_ids)
        checks &= Q(pk__in=members.values("person_id"))
    days = rules.get("hired_within_days")
    if days:
        checks &= Q(hire_date__isnull=False, hire_date__gte=today - dt.timedelta(days=days))
    include = rules.get("include") or []
    if include and checks:  # with no other rule, everyone active passes anyway
        checks |= Q(pk__in=list(include))
    return q & checks


def eligibility_q(
    rules: dict[str, Any] | None, today: dt.date, roles: tuple[str, ...] | None = None
) -> Q:
    """People eligible under ``rules`` for at least one of ``roles`` (or the rules without a
    role section when ``roles`` is empty), exactly as ``check_any_role`` decides."""
    names = _Names()
    if not roles:
        return _rules_q(rules_for_role(rules, None), today, names)
    return reduce(operator.or_, (_rules_q(rules_for_role(rules, r), today, names) for r in roles))


def eligible_people_query(program: Program, today: dt.date) -> QuerySet[Person]:
    """Everyone eligible for ``program`` on ``today`` (whether or not they already take part)."""
    rules = program.eligibility or {}
    return Person.objects.filter(eligibility_q(rules, today, roles_for_type(program.type)))
