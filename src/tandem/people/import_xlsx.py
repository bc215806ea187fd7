"""Reading the first sheet of an XLSX workbook within bounds a hostile file cannot stretch.

openpyxl's read-only ``iter_rows`` pads every gap: one cell at row 330,000,000 makes it yield
330 million empty rows (minutes of CPU), and one cell in column XFD widens every row to
16,384 cells (hundreds of MB). Here the sheet's XML is parsed row by row without padding,
and the archive is checked first: its unpacked size, the shared-strings table, then each row
number and column against the limits.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from .import_limits import (
    BAD_XLSX,
    MAX_COLUMNS,
    MAX_ROW_NUMBER,
    MAX_SHARED_STRINGS,
    MAX_UNPACKED_BYTES,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    TOO_MANY_STRINGS,
    UNPACKED_TOO_LARGE,
    FileProblem,
)

_READ_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError)
_UNIQUE_COUNT = re.compile(rb"uniqueCount=\"(\d+)\"")
_COUNT = re.compile(rb"\bcount=\"(\d+)\"")


def check_archive(filename: str, content: bytes) -> None:
    """Refuse zip bombs and oversized string tables before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise FileProblem(UNPACKED_TOO_LARGE.format(limit=MAX_UNPACKED_BYTES // 2**20))
            strings = next((m for m in members if m.filename.endswith("sharedStrings.xml")), None)
            if strings is not None:
                with archive.open(strings) as source:
                    head = source.read(2048)
                found = _UNIQUE_COUNT.search(head) or _COUNT.search(head)
                if found and int(found.group(1)) > MAX_SHARED_STRINGS:
                    raise FileProblem(TOO_MANY_STRINGS.format(limit=MAX_SHARED_STRINGS))
    except _READ_ERRORS as exc:
        raise FileProblem(BAD_XLSX.format(name=filename)) from exc


def xlsx_records(filename: str, content: bytes) -> Iterator[tuple[int, list[Any]]]:
    check_archive(filename, content)
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _READ_ERRORS as exc:
        raise FileProblem(BAD_XLSX.format(name=filename)) from exc
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # The parser under openpyxl's read-only worksheet, without its padding of gaps.
        with workbook._archive.open(sheet._worksheet_path) as source:
            parser = _bounded_parser(WorkSheetParser)(
                source,
                workbook.shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                yield number, _values(number, cells)
    except _READ_ERRORS as exc:
        raise FileProblem(BAD_XLSX.format(name=filename)) from exc
    finally:
        workbook.close()


def _bounded_parser(base: type) -> type:
    class BoundedParser(base):  # type: ignore[misc]
        def parse_row(self, row: Any) -> Any:
            # Before a cell of the row is parsed: cells without a reference count up unbounded.
            if len(row) > MAX_COLUMNS:
                raise FileProblem(TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS))
            return super().parse_row(row)

    return BoundedParser


def _values(number: int, cells: list[dict[str, Any]]) -> list[Any]:
    if number > MAX_ROW_NUMBER:
        raise FileProblem(TOO_MANY_ROWS.format(limit=MAX_ROW_NUMBER - 1))
    values: list[Any] = []
    for cell in cells:
        column = int(cell["column"])
        if column > MAX_COLUMNS:
            raise FileProblem(TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS))
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = cell["value"]
    return values
