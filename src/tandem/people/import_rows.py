"""Each row of an HR export on its own: required values and every cell parsed and checked.

Rows are checked against each other and the directory afterwards (``importer``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .import_files import Table
from .import_values import (
    COLUMNS_BY_KEY,
    DATE_KEYS,
    TEXT_KEYS,
    CellValueError,
    ColumnMap,
    bounded,
    day_first_convention,
    parse_date,
    parse_email,
    parse_languages,
    parse_level,
    parse_status,
    parse_time_zone,
    text,
)

REQUIRED = "{label} is required."

Parser = Callable[[Any], Any]


@dataclass
class ImportRowError:
    row: int
    field: str
    message: str


@dataclass
class ParsedRow:
    """One person as the file describes them; ``values`` holds Person fields the file has."""

    number: int
    employee_id: str
    email: str
    values: dict[str, Any]
    manager_ref: str = ""
    manager_by_email: bool = False
    manager_eid: str | None = None
    duplicate: bool = False


@dataclass(frozen=True)
class _Layout:
    """Column positions; an absent column points one past the header (always blank)."""

    width: int
    positions: dict[str, int]
    parsers: tuple[tuple[str, int, Parser], ...]

    def __getitem__(self, key: str) -> int:
        return self.positions.get(key, self.width)


def parse_rows(table: Table, columns: ColumnMap) -> tuple[list[ParsedRow], list[ImportRowError]]:
    """Every row with an employee id (so others can refer to it), and every cell error."""
    layout = _Layout(len(table.header), columns.index, tuple(_value_parsers(table, columns)))
    rows: list[ParsedRow] = []
    errors: list[ImportRowError] = []
    for number, cells in table.rows:
        if len(cells) <= layout.width:
            cells = [*cells, *([None] * (layout.width + 1 - len(cells)))]
        row = _parse_row(number, cells, layout, errors)
        if row is not None:
            rows.append(row)
    return rows, errors


def _value_parsers(table: Table, columns: ColumnMap) -> list[tuple[str, int, Parser]]:
    """(field, column, parser) for the optional fields the file has, in a stable order."""
    parsers: dict[str, Parser] = {key: partial(_bounded_text, key) for key in TEXT_KEYS}
    parsers["time_zone"] = _time_zone
    for key in DATE_KEYS:
        if (position := columns.index.get(key)) is not None:
            values = [cells[position] for _, cells in table.rows if position < len(cells)]
            parsers[key] = partial(parse_date, day_first=day_first_convention(values))
    parsers.update(job_level=parse_level, languages=parse_languages, status=parse_status)
    return [(key, columns.index[key], p) for key, p in parsers.items() if key in columns.index]


def _bounded_text(key: str, value: Any) -> str:
    return bounded(key, text(value))


_bounded_employee_id = partial(bounded, "employee_id")
_bounded_full_name = partial(bounded, "full_name")


def _time_zone(value: Any) -> str:
    return parse_time_zone(text(value))


def _parse_row(
    number: int, cells: list[Any], layout: _Layout, errors: list[ImportRowError]
) -> ParsedRow | None:
    values: dict[str, Any] = {}
    employee_id = text(cells[layout["employee_id"]])
    raw_email = text(cells[layout["email"]])
    full_name = text(cells[layout["full_name"]]) or " ".join(
        part for part in (text(cells[layout["first_name"]]), text(cells[layout["last_name"]]))
        if part
    )  # fmt: skip
    required: tuple[tuple[str, str, Parser], ...] = (
        ("employee_id", employee_id, _bounded_employee_id),
        ("email", raw_email, parse_email),
        ("full_name", full_name, _bounded_full_name),
    )
    for key, value, parser in required:
        if not value:
            label = COLUMNS_BY_KEY[key].label
            errors.append(ImportRowError(number, key, REQUIRED.format(label=label)))
            continue
        try:
            values[key] = parser(value)
        except CellValueError as exc:
            errors.append(ImportRowError(number, key, exc.message))
    for key, position, cell_parser in layout.parsers:
        try:
            values[key] = cell_parser(cells[position])
        except CellValueError as exc:
            errors.append(ImportRowError(number, key, exc.message))
    if "employee_id" not in values:
        return None
    row = ParsedRow(number, employee_id, values.get("email", ""), values)
    row.manager_ref = text(cells[layout["manager_employee_id"]])
    if not row.manager_ref and (manager_email := text(cells[layout["manager_email"]])):
        row.manager_ref, row.manager_by_email = manager_email.lower(), True
    return row
