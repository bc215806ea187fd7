"""HR events from a file (CSV/XLSX) or the API: all-or-nothing, with row errors.

Columns: ``employee_id, event (termination/promotion/move), date, voluntary, new_level,
new_department``. Refused rows (nothing is written when any row is refused): unknown employee
ids, dates in the future, a promotion to a level not above the person's level, a move without
a new department, an unknown event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit

from .import_files import FileProblem, read_table
from .import_values import CellValueError, normalise_header, parse_date
from .models import HREvent, Person

REQUIRED = ["employee_id", "event", "date"]
OPTIONAL = ["voluntary", "new_level", "new_department"]
UNKNOWN_EMPLOYEE = "No person has employee id “{eid}”."
FUTURE = "The date {date} is in the future."
BAD_EVENT = "The event is termination, promotion or move."
LOWER_LEVEL = "A promotion goes to a higher level than the current {level}."
LEVEL_REQUIRED = "A promotion needs the new level (a whole number)."
DEPARTMENT_REQUIRED = "A move needs the new department."
BAD_BOOL = "Voluntary is yes or no."
MISSING_COLUMN = "The file has no “{name}” column."
DUPLICATE = "The same event is given twice (row {row})."


@dataclass
class EventReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__}


def _bool(value: Any) -> bool | None:
    text = str(value or "").strip().lower()
    if not text:
        return None
    if text in {"yes", "y", "true", "1", "voluntary"}:
        return True
    if text in {"no", "n", "false", "0", "involuntary"}:
        return False
    raise CellValueError(BAD_BOOL)


def _row(values: dict[str, Any], people: dict[str, Person]) -> tuple[HREvent | None, str, str]:
    eid = str(values.get("employee_id") or "").strip()
    person = people.get(eid)
    if person is None:
        return None, "employee_id", UNKNOWN_EMPLOYEE.format(eid=eid)
    kind = str(values.get("event") or "").strip().lower()
    if kind not in HREvent.Kind.values:
        return None, "event", BAD_EVENT
    try:
        date = parse_date(values.get("date"))
        voluntary = _bool(values.get("voluntary"))
    except CellValueError as exc:
        return None, "date" if "date" in exc.message.lower() else "voluntary", exc.message
    if date is None:
        return None, "date", "The date is required."
    if date > clock.today():
        return None, "date", FUTURE.format(date=date.isoformat())
    event = HREvent(person=person, kind=kind, date=date, voluntary=voluntary)
    if kind == HREvent.Kind.PROMOTION:
        raw = str(values.get("new_level") or "").strip()
        if not raw.isdigit():
            return None, "new_level", LEVEL_REQUIRED
        event.new_level = int(raw)
        if person.job_level is not None and event.new_level <= person.job_level:
            return None, "new_level", LOWER_LEVEL.format(level=person.job_level)
    if kind == HREvent.Kind.MOVE:
        event.new_department = str(values.get("new_department") or "").strip()[:120]
        if not event.new_department:
            return None, "new_department", DEPARTMENT_REQUIRED
    return event, "", ""


def import_events(*, filename: str, content: bytes, dry_run: bool, actor: Any) -> EventReport:
    report = EventReport(dry_run=dry_run)
    try:
        table = read_table(filename=filename, content=content)
    except FileProblem as exc:
        report.errors.append({"row": 0, "field": "file", "message": exc.message})
        return report
    keys = [normalise_header(h).replace("employeeid", "employee_id") for h in table.header]
    columns = {k: i for i, k in enumerate(_canonical(keys))}
    for name in REQUIRED:
        if name not in columns:
            report.errors.append(
                {
                    "row": table.header_row,
                    "field": name,
                    "message": MISSING_COLUMN.format(name=name),
                }
            )
    if report.errors:
        return report
    rows = [
        (n, {k: cells[i] if i < len(cells) else None for k, i in columns.items()})
        for n, cells in table.rows
    ]
    eids = {str(v.get("employee_id") or "").strip() for _, v in rows}
    people = {p.employee_id: p for p in Person.objects.filter(employee_id__in=eids)}
    events: list[HREvent] = []
    seen: dict[tuple[int, str, Any], int] = {}
    for number, values in rows:
        event, field_name, message = _row(values, people)
        if event is None:
            report.errors.append({"row": number, "field": field_name, "message": message})
            continue
        key = (event.person.pk, event.kind, event.date)
        if key in seen:
            report.errors.append(
                {"row": number, "field": "date", "message": DUPLICATE.format(row=seen[key])}
            )
            continue
        seen[key] = number
        events.append(event)
    if report.errors:
        return report
    existing = set(
        HREvent.objects.filter(person__in=[e.person for e in events]).values_list(
            "person_id", "kind", "date"
        )
    )
    new = [e for e in events if (e.person.pk, e.kind, e.date) not in existing]
    report.created, report.unchanged = len(new), len(events) - len(new)
    if not dry_run and new:
        with transaction.atomic():
            HREvent.objects.bulk_create(new)
            record_audit(
                actor=actor,
                action="people.hr_events_import",
                target_type="people.hrevent",
                after={"created": len(new)},
            )
    return report


def _canonical(keys: list[str]) -> list[str]:
    names = {normalise_header(n): n for n in REQUIRED + OPTIONAL}
    names.update(
        {"employeeid": "employee_id", "newlevel": "new_level", "newdepartment": "new_department"}
    )
    return [names.get(normalise_header(k), k) for k in keys]
