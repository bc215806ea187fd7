"""Reading the mentee and mentor spreadsheets of ``tandem match-file``.

Forgiving headers (see ``MENTEE_COLUMNS`` / ``MENTOR_COLUMNS``), one parser per column, and
every bad cell reported with file, row and column; nothing here scores or solves.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

from tandem.matching.features import (
    DEFAULT_EXPERTISE_LEVEL,
    PersonRecord,
    management_chains,
    utc_offset_hours,
)

IntArray = NDArray[np.int64]
CELL_ERROR = "{file}, row {row}, column {column!r}: {message}"
FILE_ERROR = "{file}: {message}"
MISSING_COLUMN = "no {what} column (accepted headers: {aliases})"


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|"))


#: Accepted headers per column, compared after lower-casing and turning every run of
#: non-alphanumeric characters into one space ("E-mail address" -> "e mail address").
_COMMON = {
    "email": _aliases("email | email address | e mail | e mail address | work email | mail"),
    "name": _aliases("name | full name | employee name | display name"),
    "level": _aliases("level | job level | grade | band | seniority"),
    "department": _aliases("department | dept | team | function | business unit"),
    "manager": _aliases(
        "manager email | manager | manager e mail | line manager | line manager email | reports to"
    ),
    "time_zone": _aliases("time zone | timezone | tz | time zone iana"),
    "languages": _aliases("languages | language | spoken languages | languages spoken"),
    "format": _aliases("meeting format | format | preferred format | preferred meeting format"),
    "interests": _aliases("interests | hobbies | interests outside work"),
    "eligible": _aliases("eligible | eligibility"),
}
MENTEE_COLUMNS = _COMMON | {
    "skills": _aliases(
        "skills to develop | development goals | skills wanted | skills | learning goals"
    ),
    "text": _aliases("career goals | goals | career goal | aspirations"),
    "requested": _aliases(
        "requested mentor | requested mentors | preferred mentor | preferred mentors"
    ),
    "avoid": _aliases("avoid | avoid mentor | avoid mentors | do not match with"),
}
MENTOR_COLUMNS = _COMMON | {
    "skills": _aliases("expertise | skills | areas of expertise | skills to share | can help with"),
    "text": _aliases("bio | about | biography | experience | mentor bio"),
    "capacity": _aliases("capacity | max mentees | maximum mentees | number of mentees"),
}
_FORMATS = {
    "virtual": ("virtual", "remote", "online", "video"),
    "in_person": ("in person", "inperson", "office", "onsite", "on site", "face to face"),
    "either": ("", "either", "both", "any", "hybrid", "no preference"),
}
_TRUE, _FALSE = {"", "yes", "y", "true", "1", "x"}, {"no", "n", "false", "0"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SKILL_LEVEL = re.compile(r"^(?P<name>.*?)\s*(?:[:=]\s*|\()\s*(?P<level>[^)]*?)\s*\)?$")
_LEVEL = re.compile(r"^[A-Za-z ]*(\d+(?:\.\d+)?)$")


class UsageError(Exception):
    """A command-line value that cannot be used; printed as is, exit status 2."""


def _norm(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", header.casefold()).strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,|\n]", text) if part.strip()]


def _email(text: str) -> str:
    if not _EMAIL.match(text.strip()):
        raise ValueError(
            f"{text.strip()!r} is not an email address" if text.strip() else "is empty"
        )
    return text.strip().casefold()


def _level(text: str) -> float | None:
    match = _LEVEL.match(text.strip())
    if not text.strip():
        return None
    if not match:
        raise ValueError(f"{text!r} is not a job level (use a number such as 3 or L3)")
    return float(match.group(1))


@functools.lru_cache(maxsize=1024)
def _time_zone(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        if np.isnan(utc_offset_hours(text)):
            raise ValueError(
                f"unknown time zone {text!r} (use an IANA name such as Europe/Paris)"
            ) from None
    return text.strip()


def _format(text: str) -> str:
    key = _norm(text)
    for code, words in _FORMATS.items():
        if key in words:
            return code
    raise ValueError(f"{text!r} is not a meeting format (virtual, in person or either)")


def _bool(text: str) -> bool:
    key = text.strip().casefold()
    if key in _TRUE | _FALSE:
        return key in _TRUE
    raise ValueError(f"{text!r} is not yes or no")


def _expertise(text: str) -> dict[str, int]:
    skills: dict[str, int] = {}
    for item in _split(text):
        match = _SKILL_LEVEL.match(item)
        name, level = (match["name"], match["level"]) if match else (item, "")
        if not level:
            skills[item] = DEFAULT_EXPERTISE_LEVEL
        elif level.isdigit() and 1 <= int(level) <= 5:
            skills[name] = int(level)
        else:
            raise ValueError(f"level of {name!r} must be a whole number from 1 to 5, got {level!r}")
    return skills


def _capacity(text: str) -> int:
    if not text.strip():
        return 1
    if not text.strip().isdigit():
        raise ValueError(f"{text!r} is not a whole number of mentees (0 or more)")
    return int(text)


def _emails(text: str) -> list[str]:
    return [_email(x) for x in _split(text)]


def _optional_email(text: str) -> str | None:
    return _email(text) if text.strip() else None


def _optional(text: str) -> str | None:
    return text.strip() or None


_PARSERS: dict[str, Callable[[str], Any]] = {
    "email": _email,
    "name": str.strip,
    "level": _level,
    "department": _optional,
    "manager": _optional_email,
    "time_zone": _time_zone,
    "languages": _split,
    "format": _format,
    "interests": _split,
    "eligible": _bool,
    "text": str.strip,
    "requested": _emails,
    "avoid": _emails,
    "capacity": _capacity,
}
MENTEE_PARSERS = _PARSERS | {"skills": _split}
MENTOR_PARSERS = _PARSERS | {"skills": _expertise}


@dataclass
class Side:
    """One file's people, parsed and validated."""

    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    records: list[PersonRecord] = field(default_factory=list)
    capacities: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    requested: dict[int, list[int]] = field(default_factory=dict)
    avoided: dict[int, list[int]] = field(default_factory=dict)

    def error(self, message: str, row: int | None = None, key: str = "") -> None:
        """Record a problem, naming this file, the row and the column's header."""
        name = self.path.name
        if row is None:
            self.errors.append(FILE_ERROR.format(file=name, message=message))
            return
        column = self.headers.get(key, key)
        self.errors.append(CELL_ERROR.format(file=name, row=row, column=column, message=message))


def _open_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def _resolve(
    side: Side, header: list[str], spec: Mapping[str, tuple[str, ...]], capacity: str | None
) -> dict[str, int]:
    """Map each known column key to its index in ``header``; record missing required ones."""
    normalised = [_norm(h) for h in header]
    spec = dict(spec)
    if capacity is not None:
        spec["capacity"] = (_norm(capacity),)
    found = {}
    for key, aliases in spec.items():
        index = next((i for i, h in enumerate(normalised) if h in aliases), None)
        if index is not None:
            found[key] = index
            side.headers[key] = header[index]
        elif key == "email" or (key == "capacity" and capacity is not None):
            side.error(MISSING_COLUMN.format(what=key, aliases=", ".join(aliases)))
    return found


def _parse_row(
    side: Side, cells: list[str], number: int, columns: dict[str, int], parsers: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {"row": number}
    for key, index in columns.items():
        try:
            row[key] = parsers[key](cells[index] if index < len(cells) else "")
        except ValueError as error:
            side.error(str(error), number, key)
    return row


def read_people(
    path: Path,
    spec: Mapping[str, tuple[str, ...]],
    parsers: Mapping[str, Callable[[str], Any]],
    capacity: str | None = None,
) -> Side:
    """Parse one CSV into validated rows (dicts keyed by column key), collecting errors."""
    side = Side(path)
    try:
        reader = _open_rows(path)
    except OSError as error:
        side.error(f"cannot read the file ({error.strerror or error})")
        return side
    columns = _resolve(side, next(reader, []), spec, capacity)
    if "email" not in columns:
        return side
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _parse_row(side, cells, number, columns, parsers)
        email = row.get("email")
        if email in first_seen:
            side.error(f"{email} already appears on row {first_seen[email]}", number, "email")
        elif email:
            first_seen[email] = number
        side.rows.append(row)
    if not side.rows and not side.errors:
        side.error("has no data rows")
    return side


def _resolve_emails(mentees: Side, mentors: Side, key: str) -> dict[int, list[int]]:
    index = {row["email"]: j for j, row in enumerate(mentors.rows) if "email" in row}
    out: dict[int, list[int]] = {}
    for i, row in enumerate(mentees.rows):
        for email in row.get(key, []):
            if email in index:
                out.setdefault(i, []).append(index[email])
            else:
                mentees.error(f"{email} is not in {mentors.path.name}", row["row"], key)
    return out


def _chains(mentees: Side, mentors: Side) -> tuple[dict[str, int], dict[str, tuple[int, ...]]]:
    """Person ids by email (shared by both files) and each person's management chain."""
    managers: dict[str, str | None] = {}
    for row in [*mentees.rows, *mentors.rows]:
        managers.setdefault(row["email"], row.get("manager"))
    emails = list(dict.fromkeys([*managers, *(m for m in managers.values() if m)]))
    ids = {email: k for k, email in enumerate(emails)}
    parents = [ids[m] if (m := managers.get(e)) else None for e in emails]
    chains = management_chains(list(range(len(emails))), parents)
    return ids, dict(zip(emails, chains, strict=True))


def _record(row: dict[str, Any], person: int, chain: tuple[int, ...], mentor: bool) -> PersonRecord:
    skills = row.get("skills", {} if mentor else [])
    text = row.get("text", "")
    return PersonRecord(
        id=person,
        level=row.get("level"),
        department=row.get("department"),
        time_zone=row.get("time_zone"),
        languages=row.get("languages", ()),
        meeting_format=row.get("format", "either"),
        interests=row.get("interests", ()),
        skills=skills if mentor else dict.fromkeys(skills, 1),
        text=f"{text} {' '.join(skills)}".strip() if mentor else text,
        management_chain=chain,
        eligible=row.get("eligible", True),
    )


def read_both(
    mentee_path: Path, mentor_path: Path, capacity: str | None
) -> tuple[Side, Side, list[str]]:
    """Read and cross-check both files; the list holds every problem found."""
    mentees = read_people(mentee_path, MENTEE_COLUMNS, MENTEE_PARSERS)
    mentors = read_people(mentor_path, MENTOR_COLUMNS, MENTOR_PARSERS, capacity)
    if "email" in mentors.headers:
        mentees.requested = _resolve_emails(mentees, mentors, "requested")
        mentees.avoided = _resolve_emails(mentees, mentors, "avoid")
    if not mentees.errors and not mentors.errors:
        ids, chains = _chains(mentees, mentors)
        for side, is_mentor in ((mentees, False), (mentors, True)):
            side.records = [
                _record(row, ids[row["email"]], chains[row["email"]], is_mentor)
                for row in side.rows
            ]
        mentors.capacities = np.array([r.get("capacity", 1) for r in mentors.rows], np.int64)
    return mentees, mentors, [*mentees.errors, *mentors.errors]
