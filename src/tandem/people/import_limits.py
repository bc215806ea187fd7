"""The limits on an uploaded directory file, and the messages that name them."""

from __future__ import annotations

MAX_ROWS = 500_000
MAX_ROW_NUMBER = MAX_ROWS + 1  # the header and the people; blank rows count too
MAX_COLUMNS = 200
MAX_SHARED_STRINGS = 5_000_000
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
READ_SECONDS = 60.0

TOO_MANY_ROWS = "The file has more than {limit:,} rows. Split it into smaller files."
TOO_MANY_COLUMNS = (
    "The sheet uses more than {limit} columns. Delete the unused columns (or copy the "
    "directory columns into a new sheet) and upload it again."
)
TOO_MANY_STRINGS = (
    "The workbook has more than {limit:,} distinct texts. Split it into smaller files."
)
UNPACKED_TOO_LARGE = (
    "The workbook unpacks to more than {limit:,} MB. Save only the directory sheet, or export "
    "it as .csv."
)
TOO_SLOW = (
    "Reading the file took longer than {seconds:.0f} seconds, so it was stopped. Split it "
    "into smaller files, or save it again as .csv."
)
BAD_XLSX = "“{name}” could not be opened as an Excel workbook. Save it again as .xlsx or .csv."


class FileProblem(Exception):  # noqa: N818 — reads as what it reports
    """The file as a whole cannot be read; ``message`` tells the user what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
