"""Columns and cell values of an HR export: header synonyms and forgiving value parsers.

Parsers return the cleaned value or raise :class:`CellValueError` with a message for the user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from .models import Person, available_time_zones

BAD_EMAIL = "“{value}” is not a valid email address."
BAD_DATE = "“{value}” is not a date. Use YYYY-MM-DD (for example 2024-03-31)."
AMBIGUOUS_DATE = (
    "“{value}” could be day/month or month/day. Use YYYY-MM-DD (for example 2024-03-31)."
)
BAD_LEVEL = "“{value}” is not a job level. Use a whole number from 1 to 20 (L4 or Level 4 work)."
LEVEL_OUT_OF_RANGE = "Job level {value} is out of range: use 1 to 20."
BAD_STATUS = "“{value}” is not an employment status. Use Active, On leave or Terminated."
BAD_TIME_ZONE = "“{value}” is not an IANA time zone (for example Europe/London)."
TIME_ZONE_SUGGESTION = " Did you mean “{suggestion}”?"
TOO_LONG = "{label} is longer than {limit} characters."


class CellValueError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]


def normalise_header(text: Any) -> str:
    """Case, space and punctuation-insensitive key: “E-mail Address” → ``emailaddress``."""
    return re.sub(r"[^a-z0-9]", "", str(text).casefold())


COLUMNS: tuple[Column, ...] = (
    Column(
        "employee_id",
        "Employee ID",
        (
            "employeeid", "employeenumber", "employeeno", "employeenum", "employeecode",
            "empid", "empno", "empnumber", "workerid", "workernumber", "staffid",
            "staffnumber", "personnelnumber", "personid", "personnelid", "id",
        ),
    ),
    Column(
        "email",
        "Email",
        (
            "email", "workemail", "emailaddress", "workemailaddress", "businessemail",
            "businessemailaddress", "primaryemail", "companyemail", "officeemail", "mail",
        ),
    ),
    Column(
        "full_name",
        "Name",
        ("name", "fullname", "displayname", "employeename", "workername", "preferredfullname"),
    ),
    Column("first_name", "First Name", ("firstname", "givenname", "forename", "preferredname")),
    Column("last_name", "Last Name", ("lastname", "surname", "familyname")),
    Column(
        "title",
        "Job Title",
        ("jobtitle", "title", "position", "positiontitle", "businesstitle", "role", "jobrole"),
    ),
    Column(
        "department",
        "Department",
        (
            "department", "dept", "departmentname", "businessunit", "organisation",
            "organization", "orgunit", "organisationunit", "organizationunit", "division",
        ),
    ),
    Column(
        "manager_employee_id",
        "Manager ID",
        (
            "managerid", "manageremployeeid", "manageremployeenumber", "managernumber",
            "managerempid", "supervisorid", "supervisoremployeeid", "reportsto",
            "reportstoid", "linemanagerid", "linemanageremployeeid",
        ),
    ),
    Column(
        "manager_email",
        "Manager Email",
        (
            "manageremail", "manageremailaddress", "supervisoremail", "linemanageremail",
            "reportstoemail",
        ),
    ),
    Column(
        "location",
        "Location",
        ("location", "office", "site", "worklocation", "officelocation", "primaryworklocation"),
    ),
    Column("time_zone", "Time Zone", ("timezone", "tz", "timezoneid", "ianatimezone")),
    Column(
        "hire_date",
        "Hire Date",
        (
            "hiredate", "startdate", "dateofjoining", "joiningdate", "joindate",
            "originalhiredate", "datehired", "dateofhire",
        ),
    ),
    Column(
        "employment_start",
        "Employment Start",
        ("employmentstart", "employmentstartdate", "rehiredate", "continuousservicedate"),
    ),
    Column(
        "employment_end",
        "Employment End",
        (
            "employmentend", "employmentenddate", "terminationdate", "enddate", "leavingdate",
            "separationdate", "lastworkingday", "lastdayofwork",
        ),
    ),
    Column(
        "job_level",
        "Job Level",
        ("joblevel", "grade", "level", "band", "jobgrade", "paygrade", "careerlevel"),
    ),
    Column("languages", "Languages", ("languages", "language", "spokenlanguages")),
    Column(
        "status",
        "Status",
        ("status", "employmentstatus", "employeestatus", "workerstatus"),
    ),
)  # fmt: skip
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
_COLUMN_BY_ALIAS = {alias: c for c in COLUMNS for alias in c.aliases}
DATE_KEYS = ("hire_date", "employment_start", "employment_end")
TEXT_KEYS = ("title", "department", "location")


@dataclass
class ColumnMap:
    """Which column index holds each field; the headers we ignored and why."""

    index: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    shadowed: list[tuple[str, str, str]] = field(default_factory=list)  # ignored, kept, label


def map_columns(header: list[str]) -> ColumnMap:
    result = ColumnMap()
    for position, text in enumerate(header):
        column = _COLUMN_BY_ALIAS.get(normalise_header(text))
        if column is None:
            if text:
                result.unknown.append(text)
        elif column.key in result.index:
            kept = header[result.index[column.key]]
            result.shadowed.append((text, kept, column.label))
        else:
            result.index[column.key] = position
    return result


def text(value: Any) -> str:
    """A cell as trimmed text; spreadsheet numbers 1001.0 → “1001”, dates → ISO."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@cache
def max_length(name: str) -> int:
    field = Person._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


def bounded(key: str, value: str) -> str:
    if len(value) > max_length(key):
        label = COLUMNS_BY_KEY[key].label
        raise CellValueError(TOO_LONG.format(label=label, limit=max_length(key)))
    return value


# A strict subset of what Django's EmailValidator accepts, to skip it for ordinary emails.
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def parse_email(value: Any) -> str:
    raw = text(value)
    email = raw.removeprefix("mailto:").strip().lower()
    if not _PLAIN_EMAIL.fullmatch(email):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CellValueError(BAD_EMAIL.format(value=raw)) from exc
    return bounded("email", email)


_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.+\-Z ]*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?:[T ][\d:.+\-Z ]*)?")
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y", "%d-%B-%Y")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def day_first_convention(values: list[Any]) -> bool | None:
    """From a column's values, whether a/b/yyyy dates are day-first (True), month-first
    (False) or not knowable (None: no unambiguous value, or evidence both ways)."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC.fullmatch(value.strip()) if isinstance(value, str) else None
        if match and match.group(2) != ".":
            day_first = day_first or int(match.group(1)) > 12
            month_first = month_first or int(match.group(3)) > 12
    return day_first if day_first != month_first else None


def parse_date(value: Any, *, day_first: bool | None = None) -> dt.date | None:
    """ISO, d/m/Y or m/d/Y when unambiguous (or the column's convention), “31 Mar 2024”,
    Excel date cells and Excel serial numbers. Blank → None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial-day range
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellValueError(BAD_DATE.format(value=text(value)))
    raw = text(value)
    if not raw:
        return None
    try:
        return _parse_date_text(raw, day_first)
    except ValueError as exc:
        if isinstance(exc, CellValueError):
            raise
        raise CellValueError(BAD_DATE.format(value=raw)) from exc


@lru_cache(maxsize=65536)
def _parse_date_text(raw: str, day_first: bool | None) -> dt.date:
    if match := _ISO.fullmatch(raw) or _COMPACT.fullmatch(raw):
        year, month, day = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if match := _NUMERIC.fullmatch(raw):
        first, separator, second, year_text = match.groups()
        a, b, year = int(first), int(second), int(year_text)
        if separator == "." or a > 12 or (a <= 12 and b <= 12 and (a == b or day_first)):
            return dt.date(year, b, a)
        if b > 12 or day_first is False:
            return dt.date(year, a, b)
        raise CellValueError(AMBIGUOUS_DATE.format(value=raw))
    cleaned = " ".join(raw.replace(",", " ").split())
    for fmt in _NAMED_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007 — a date only
        except ValueError:
            continue
    raise CellValueError(BAD_DATE.format(value=raw))


_LEVEL = re.compile(r"(?:[a-z]+\.?\s*[-_ ]?\s*)?(\d{1,4})(?:\.0+)?", re.IGNORECASE)


def parse_level(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _parse_level_text(text(value))


@cache
def _parse_level_text(raw: str) -> int | None:
    if not raw:
        return None
    match = _LEVEL.fullmatch(raw)
    if match is None:
        raise CellValueError(BAD_LEVEL.format(value=raw))
    level = int(match.group(1))
    if not 1 <= level <= 20:
        raise CellValueError(LEVEL_OUT_OF_RANGE.format(value=level))
    return level


_STATUS_SYNONYMS = {
    Person.Status.ACTIVE: (
        "active", "a", "activeemployee", "employed", "current", "working", "fulltime",
        "parttime", "newhire", "probation", "onboarding",
    ),
    Person.Status.LEAVE: (
        "leave", "onleave", "loa", "leaveofabsence", "l", "paidleave", "unpaidleave",
        "parentalleave", "maternityleave", "paternityleave", "medicalleave", "sickleave",
        "sabbatical", "furlough", "furloughed", "suspended",
    ),
    Person.Status.TERMINATED: (
        "terminated", "term", "t", "inactive", "i", "left", "leaver", "resigned", "retired",
        "separated", "withdrawn", "dismissed", "former", "formeremployee", "ended", "exited",
    ),
}  # fmt: skip
_STATUS_BY_WORD = {word: str(s) for s, words in _STATUS_SYNONYMS.items() for word in words}


def parse_status(value: Any) -> str:
    return _parse_status_text(text(value))


@cache
def _parse_status_text(raw: str) -> str:
    if not raw:
        return str(Person.Status.ACTIVE)
    status = _STATUS_BY_WORD.get(normalise_header(raw))
    if status is None:
        raise CellValueError(BAD_STATUS.format(value=raw))
    return status


@cache
def _zones_by_lower() -> dict[str, str]:
    zones = {zone.lower(): zone for zone in available_time_zones()}
    zones.update({"gmt": "UTC", "z": "UTC", "utc": "UTC"})
    return zones


@cache
def parse_time_zone(raw: str) -> str:
    """An IANA zone (case-insensitive); blank → UTC; otherwise an error with a suggestion."""
    value = raw.strip()
    if not value:
        return "UTC"
    zones = _zones_by_lower()
    zone = zones.get(value.lower()) or zones.get(value.lower().replace(" ", "_"))
    if zone is not None:
        return zone
    message = BAD_TIME_ZONE.format(value=value)
    close = difflib.get_close_matches(value.lower().replace(" ", "_"), zones, n=1, cutoff=0.7)
    if close:
        message += TIME_ZONE_SUGGESTION.format(suggestion=zones[close[0]])
    raise CellValueError(message)


def parse_languages(value: Any) -> list[str]:
    """“English; Spanish” or “English, Spanish” → ["English", "Spanish"] (duplicates dropped)."""
    return list(_parse_languages_text(text(value)))


@cache
def _parse_languages_text(raw: str) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for part in re.split(r"[;,|\n]", raw):
        name = part.strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())
