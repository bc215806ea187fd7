"""Downloadable directory-import templates (CSV and XLSX): the recognised headers and one
example row, so an HR export can be shaped before the first upload."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from .import_values import COLUMNS

EXAMPLE = {
    "employee_id": "E1001",
    "email": "ada.lovelace@example.com",
    "full_name": "Ada Lovelace",
}


def headers() -> list[str]:
    return [c.label for c in COLUMNS]


def example_row() -> list[str]:
    return [EXAMPLE.get(c.key, "") for c in COLUMNS]


def csv_template() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    writer.writerow(example_row())
    return out.getvalue().encode("utf-8-sig")


def xlsx_template() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    sheet.append(headers())
    sheet.append(example_row())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
