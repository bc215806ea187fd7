"""Reading an uploaded HR export (CSV or XLSX) into numbered rows of cell values.

Row numbers are the ones the user sees in a spreadsheet: the first record is row 1 (the
header), the first person is row 2. Blank rows are skipped but still counted.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from . import import_limits
from .import_limits import BAD_XLSX, TOO_MANY_ROWS, FileProblem
from .import_xlsx import xlsx_records

__all__ = ["BAD_XLSX", "TOO_MANY_ROWS", "FileProblem", "Table", "read_table"]

MAX_FILE_BYTES = 50 * 1024 * 1024

EMPTY_FILE = "The file is empty."
NO_DATA_ROWS = "The file has a header row but no people below it."
FILE_TOO_LARGE = "The file is {size:.1f} MB; the limit is {limit} MB. Split it into smaller files."
UNSUPPORTED_TYPE = "“{name}” is not a CSV or XLSX file. Export the directory as .csv or .xlsx."
OLD_EXCEL = "Old Excel .xls files are not supported. Save the sheet as .xlsx or .csv."
BAD_CSV = "Row {row} could not be read as CSV ({reason})."

_CSV_SUFFIXES = {".csv", ".tsv", ".txt", ""}
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_DELIMITERS = (",", ";", "\t", "|")

Cells = list[Any]


@dataclass
class Table:
    """The header (its row number and cells) and every non-blank data row after it."""

    header_row: int
    header: list[str]
    rows: list[tuple[int, Cells]]


def read_table(*, filename: str, content: bytes) -> Table:
    """Parse ``content`` as CSV or XLSX; raise :class:`FileProblem` with a readable message."""
    if len(content) > MAX_FILE_BYTES:
        size = len(content) / (1024 * 1024)
        raise FileProblem(FILE_TOO_LARGE.format(size=size, limit=MAX_FILE_BYTES // (1024 * 1024)))
    if not content.strip():
        raise FileProblem(EMPTY_FILE)
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls" or content.startswith(_OLE_MAGIC):
        raise FileProblem(OLD_EXCEL)
    if suffix in _XLSX_SUFFIXES or (suffix in _CSV_SUFFIXES and content.startswith(_ZIP_MAGIC)):
        records = xlsx_records(filename, content)
    elif suffix in _CSV_SUFFIXES:
        records = _csv_records(content)
    else:
        raise FileProblem(UNSUPPORTED_TYPE.format(name=filename))
    return _table(records)


def _table(records: Iterator[tuple[int, Cells]]) -> Table:
    header: tuple[int, Cells] | None = None
    rows: list[tuple[int, Cells]] = []
    deadline = time.monotonic() + import_limits.READ_SECONDS
    for number, cells in records:
        if number % 1024 == 0 and time.monotonic() > deadline:
            raise FileProblem(import_limits.TOO_SLOW.format(seconds=import_limits.READ_SECONDS))
        if number > import_limits.MAX_ROW_NUMBER:
            raise FileProblem(TOO_MANY_ROWS.format(limit=import_limits.MAX_ROWS))
        if all(_blank(c) for c in cells):
            continue
        if header is None:
            header = (number, cells)
            continue
        if len(rows) >= import_limits.MAX_ROWS:
            raise FileProblem(TOO_MANY_ROWS.format(limit=import_limits.MAX_ROWS))
        rows.append((number, cells))
    if header is None:
        raise FileProblem(EMPTY_FILE)
    if not rows:
        raise FileProblem(NO_DATA_ROWS)
    return Table(header_row=header[0], header=[_header_text(c) for c in header[1]], rows=rows)


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def decode_text(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's "CSV")."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter (, ; tab |) that splits the header line into the most fields."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in _DELIMITERS:
        count = len(next(csv.reader([first], delimiter=delimiter), []))
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _csv_records(content: bytes) -> Iterator[tuple[int, Cells]]:
    text = decode_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(BAD_CSV.format(row=number, reason=exc)) from exc
        yield number, list(cells)
