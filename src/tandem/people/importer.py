"""Directory import from a CSV/XLSX HR export: validate every row, then write all or nothing.

The pipeline: read the file (``import_files``) → map the header to fields and parse each
cell (``import_values``) → check the rows against each other and the directory (duplicates,
emails, managers, cycles) → if there is no error and this is not a dry run, write inside one
transaction: update changed people, create new ones, then set managers in a second pass, in
batches, with a single audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.core.audit import record_audit
from tandem.core.errors import NotAllowed

from . import permissions
from .bulk import insert_rows, update_rows
from .import_files import FileProblem, Table, read_table
from .import_rows import ImportRowError, ParsedRow, parse_rows
from .import_values import COLUMNS_BY_KEY, DATE_KEYS, TEXT_KEYS, ColumnMap, map_columns
from .models import Person

__all__ = ["ImportReport", "ImportRowError", "import_people"]

NOT_ALLOWED = "Only org admins can import the directory."
NO_HEADER = "The first row must name the columns, for example: Employee ID, Email, Name."
MISSING_COLUMN = "There is no {label} column. Accepted names include: {examples}."
DUPLICATE_EMPLOYEE_ID = "Employee ID “{value}” is on rows {first} and {row}."
DUPLICATE_EMAIL = "Email “{value}” is on rows {first} and {row}."
EMAIL_TAKEN = "“{value}” already belongs to employee {owner} in the directory."
UNKNOWN_MANAGER = "Manager “{value}” is neither in the file nor in the directory."
SELF_MANAGER = "A person cannot be their own manager."
MANAGER_CYCLE = "The manager chain loops back on itself: {chain}."
UNKNOWN_COLUMNS = "Ignored column(s) that Tandem does not use: {names}."
SHADOWED_COLUMN = "Ignored column “{ignored}”: “{kept}” already gives the {label}."
CHANGED_MEANWHILE = (
    "The directory changed while the file was being imported; nothing was written. Try again."
)
FILE_FIELD = "file"
MANAGER_FIELD = "manager"
_CHAIN_SHOWN = 8
_MAX_LAYERS = 40  # insert batches down the tree before leaving the rest to pass two
_REQUIRED_COLUMNS = ("employee_id", "email", "full_name")
_OPTIONAL_FIELDS = (
    *TEXT_KEYS,
    "time_zone",
    *DATE_KEYS,
    "job_level",
    "languages",
    "status",
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[ImportRowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in self.errors],
            "warnings": list(self.warnings),
        }


@dataclass
class _Directory:
    """What the database holds now, keyed the way the file refers to people."""

    by_eid: dict[str, dict[str, Any]]
    eid_by_pk: dict[int, str]
    eid_by_email: dict[str, str]


@dataclass
class _Plan:
    new: list[ParsedRow] = field(default_factory=list)
    changed: list[tuple[ParsedRow, set[str]]] = field(default_factory=list)
    unchanged: int = 0


def import_people(*, filename: str, content: bytes, dry_run: bool, actor: Any) -> ImportReport:
    """Import an HR export. ``actor=None`` is the system (the CLI). Any error → no write."""
    if actor is not None and not permissions.can_import_people(actor):
        raise NotAllowed(NOT_ALLOWED)
    report = ImportReport(dry_run=dry_run)
    try:
        table = read_table(filename=filename, content=content)
    except FileProblem as problem:
        report.errors.append(ImportRowError(0, FILE_FIELD, problem.message))
        return report
    columns = map_columns(table.header)
    report.warnings.extend(_column_warnings(columns))
    report.errors.extend(_header_errors(table, columns))
    if report.errors:
        return report
    rows = parse_rows(table, columns)
    if dry_run:
        return _run(report, rows, columns, filename, actor, write=False)
    try:
        with transaction.atomic():
            return _run(report, rows, columns, filename, actor, write=True)
    except IntegrityError:  # someone changed the directory while we were writing
        report.created = report.updated = report.unchanged = 0
        report.errors = [ImportRowError(0, FILE_FIELD, CHANGED_MEANWHILE)]
        return report


def _run(
    report: ImportReport,
    parsed: tuple[list[ParsedRow], list[ImportRowError]],
    columns: ColumnMap,
    filename: str,
    actor: Any,
    *,
    write: bool,
) -> ImportReport:
    rows, errors = parsed
    fields = _fields_in_file(columns)
    has_manager = _has_manager_column(columns)
    directory = _load_directory(fields)
    errors.extend(_check_rows(rows, directory, has_manager=has_manager))
    if errors:
        report.errors = sorted(errors, key=lambda e: e.row)
        return report
    plan = _plan(rows, directory, fields, has_manager=has_manager)
    report.created, report.unchanged = len(plan.new), plan.unchanged
    report.updated = len(plan.changed)
    if write:
        managers = _write(plan, rows, directory, has_manager=has_manager)
        record_audit(
            actor=actor,
            action="people.import",
            target_type="people.Person",
            after={
                "filename": filename,
                "rows": len(rows),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "managers_set": managers,
            },
        )
    return report


# --- the header ---------------------------------------------------------------------------


def _column_warnings(columns: ColumnMap) -> list[str]:
    warnings = []
    if columns.unknown:
        names = ", ".join(f"“{name}”" for name in columns.unknown)
        warnings.append(UNKNOWN_COLUMNS.format(names=names))
    for ignored, kept, label in columns.shadowed:
        warnings.append(SHADOWED_COLUMN.format(ignored=ignored, kept=kept, label=label.lower()))
    return warnings


def _header_errors(table: Table, columns: ColumnMap) -> list[ImportRowError]:
    if not columns.index:
        return [ImportRowError(table.header_row, FILE_FIELD, NO_HEADER)]
    errors = []
    for key in _REQUIRED_COLUMNS:
        has_parts = "first_name" in columns.index or "last_name" in columns.index
        if key in columns.index or (key == "full_name" and has_parts):
            continue
        column = COLUMNS_BY_KEY[key]
        examples = ", ".join([column.label, *_example_headers(key)])
        message = MISSING_COLUMN.format(label=column.label, examples=examples)
        errors.append(ImportRowError(table.header_row, key, message))
    return errors


def _example_headers(key: str) -> list[str]:
    return {
        "employee_id": ["Employee Number", "Worker ID", "emp_id"],
        "email": ["Work Email", "E-mail Address"],
        "full_name": ["Full Name", "Display Name", "First Name + Last Name"],
    }[key]


def _fields_in_file(columns: ColumnMap) -> list[str]:
    return ["email", "full_name", *(k for k in _OPTIONAL_FIELDS if k in columns.index)]


def _has_manager_column(columns: ColumnMap) -> bool:
    return "manager_employee_id" in columns.index or "manager_email" in columns.index


# --- rows against each other and the directory --------------------------------------------


def _load_directory(fields: list[str]) -> _Directory:
    names = ["id", "employee_id", "manager_id", *dict.fromkeys(["email", *fields])]
    by_eid = {v["employee_id"]: v for v in Person.objects.order_by().values(*names)}
    return _Directory(
        by_eid=by_eid,
        eid_by_pk={v["id"]: eid for eid, v in by_eid.items()},
        eid_by_email={v["email"].lower(): eid for eid, v in by_eid.items()},
    )


def _check_rows(
    rows: list[ParsedRow], directory: _Directory, *, has_manager: bool
) -> list[ImportRowError]:
    errors = _duplicate_errors(rows)
    rows = [r for r in rows if not r.duplicate]
    in_file = {r.employee_id: r for r in rows}
    for row in rows:
        owner = directory.eid_by_email.get(row.email) if row.email else None
        if owner is not None and owner != row.employee_id and owner not in in_file:
            message = EMAIL_TAKEN.format(value=row.email, owner=owner)
            errors.append(ImportRowError(row.number, "email", message))
    if has_manager:
        errors.extend(_manager_errors(rows, in_file, directory))
        errors.extend(_cycle_errors(rows, in_file, directory))
    return errors


def _duplicate_errors(rows: list[ParsedRow]) -> list[ImportRowError]:
    errors = []
    first_by_eid: dict[str, int] = {}
    first_by_email: dict[str, int] = {}
    for row in rows:
        first = first_by_eid.setdefault(row.employee_id, row.number)
        if first != row.number:
            row.duplicate = True
            message = DUPLICATE_EMPLOYEE_ID.format(
                value=row.employee_id, first=first, row=row.number
            )
            errors.append(ImportRowError(row.number, "employee_id", message))
            continue
        first = first_by_email.setdefault(row.email, row.number) if row.email else row.number
        if first != row.number:
            message = DUPLICATE_EMAIL.format(value=row.email, first=first, row=row.number)
            errors.append(ImportRowError(row.number, "email", message))
    return errors


def _manager_errors(
    rows: list[ParsedRow], in_file: dict[str, ParsedRow], directory: _Directory
) -> list[ImportRowError]:
    errors = []
    eid_by_email = {r.email: r.employee_id for r in rows if r.email}
    for row in rows:
        if not row.manager_ref:
            continue
        if row.manager_by_email:
            manager = eid_by_email.get(row.manager_ref)
            owner = directory.eid_by_email.get(row.manager_ref)
            if manager is None and owner is not None and owner not in in_file:
                manager = owner
        else:
            known = row.manager_ref in in_file or row.manager_ref in directory.by_eid
            manager = row.manager_ref if known else None
        if manager is None:
            message = UNKNOWN_MANAGER.format(value=row.manager_ref)
            errors.append(ImportRowError(row.number, MANAGER_FIELD, message))
        elif manager == row.employee_id:
            errors.append(ImportRowError(row.number, MANAGER_FIELD, SELF_MANAGER))
        else:
            row.manager_eid = manager
    return errors


def _cycle_errors(
    rows: list[ParsedRow], in_file: dict[str, ParsedRow], directory: _Directory
) -> list[ImportRowError]:
    """Every file row on a loop of the manager graph of the file over the directory."""
    manager_of = {
        eid: directory.eid_by_pk.get(v["manager_id"]) for eid, v in directory.by_eid.items()
    }
    manager_of.update({r.employee_id: r.manager_eid for r in rows})
    done: set[str] = set()
    errors: list[ImportRowError] = []
    for row in rows:
        path: dict[str, int] = {}
        node: str | None = row.employee_id
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = manager_of.get(node)
        done.update(path)
        if node is None or node not in path:
            continue
        cycle = list(path)[path[node] :]
        message = MANAGER_CYCLE.format(chain=_chain_text(cycle))
        errors.extend(
            ImportRowError(in_file[eid].number, MANAGER_FIELD, message)
            for eid in cycle
            if eid in in_file
        )
    return errors


def _chain_text(cycle: list[str]) -> str:
    shown = cycle if len(cycle) <= _CHAIN_SHOWN else [*cycle[: _CHAIN_SHOWN - 1], "…"]
    return " → ".join([*shown, cycle[0]])


# --- planning and writing -----------------------------------------------------------------


def _plan(
    rows: list[ParsedRow], directory: _Directory, fields: list[str], *, has_manager: bool
) -> _Plan:
    plan = _Plan()
    for row in rows:
        current = directory.by_eid.get(row.employee_id)
        if current is None:
            plan.new.append(row)
            continue
        diff = {name for name in fields if current[name] != row.values[name]}
        if has_manager and directory.eid_by_pk.get(current["manager_id"]) != row.manager_eid:
            diff.add("manager")
        if diff:
            plan.changed.append((row, diff))
        else:
            plan.unchanged += 1
    return plan


def _write(plan: _Plan, rows: list[ParsedRow], directory: _Directory, *, has_manager: bool) -> int:
    """Update changed people, insert new ones (manager first), then set the remaining
    managers in a second pass. Returns how many manager links were written."""
    now = timezone.now()
    pk_by_eid = {eid: v["id"] for eid, v in directory.by_eid.items()}
    _update_changed(plan, directory, pk_by_eid, now)
    manager_on_insert = _insert_new(plan.new, pk_by_eid, has_manager=has_manager)
    if not has_manager:
        return 0
    links = []
    for row in rows:
        desired = pk_by_eid[row.manager_eid] if row.manager_eid else None
        if row.employee_id in manager_on_insert:
            current = manager_on_insert[row.employee_id]
        else:
            current = directory.by_eid[row.employee_id]["manager_id"]
        if desired != current:
            links.append((pk_by_eid[row.employee_id], (desired, now)))
    update_rows(Person, ["manager_id", "updated_at"], sorted(links, key=lambda x: x[0]))
    return len(links) + sum(1 for pk in manager_on_insert.values() if pk is not None)


def _insert_new(
    new: list[ParsedRow], pk_by_eid: dict[str, int], *, has_manager: bool
) -> dict[str, int | None]:
    """Insert layer by layer down the management tree so that most new people get their
    manager on insert; people deeper than ``_MAX_LAYERS`` wait for the second pass.
    Records each new person's pk in ``pk_by_eid``; returns the manager given on insert."""
    layers: list[list[ParsedRow]] = [[] for _ in range(_MAX_LAYERS + 1)]
    depths = _depths(new) if has_manager else {}
    for row in new:
        layers[min(depths.get(row.employee_id, 0), _MAX_LAYERS)].append(row)
    manager_on_insert: dict[str, int | None] = {}
    for depth, layer in enumerate(layers):
        if not layer:
            continue
        last_pk = max(pk_by_eid.values(), default=0)
        records = []
        for row in layer:
            linked = row.manager_eid is not None and depth < _MAX_LAYERS
            manager = pk_by_eid[row.manager_eid] if linked and row.manager_eid else None
            manager_on_insert[row.employee_id] = manager
            records.append({**row.values, "manager_id": manager})
        insert_rows(Person, records)
        pk_by_eid.update(Person.objects.filter(pk__gt=last_pk).values_list("employee_id", "id"))
    return manager_on_insert


def _depths(new: list[ParsedRow]) -> dict[str, int]:
    """How many new people stand between each new person and the existing directory (or
    the top of the tree). The rows have no manager cycle (checked before)."""
    by_eid = {row.employee_id: row for row in new}
    depth: dict[str, int] = {}
    for row in new:
        chain: list[str] = []
        eid: str | None = row.employee_id
        while eid is not None and eid in by_eid and eid not in depth:
            chain.append(eid)
            eid = by_eid[eid].manager_eid
        base = depth.get(eid, -1) if eid is not None else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    return depth


def _update_changed(
    plan: _Plan, directory: _Directory, pk_by_eid: dict[str, int], now: Any
) -> None:
    changed = [(row, diff - {"manager"}) for row, diff in plan.changed if diff - {"manager"}]
    if not changed:
        return
    moving = [row for row, diff in changed if "email" in diff]
    if any(directory.eid_by_email.get(row.email) for row in moving):
        # An email passes from one person to another: park the old ones first (unique).
        parked = [(pk_by_eid[r.employee_id], (f"{r.employee_id}@import.invalid",)) for r in moving]
        update_rows(Person, ["email"], parked)
    names = sorted(set().union(*(diff for _, diff in changed)))
    updates = [
        (pk_by_eid[row.employee_id], [*(row.values[n] for n in names), now]) for row, _ in changed
    ]
    update_rows(Person, [*names, "updated_at"], sorted(updates, key=lambda u: u[0]))
