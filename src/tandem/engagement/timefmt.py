"""Times in messages, in each recipient's own time zone.

Services write ``{when}`` (or ``{when:date}``, ``{when:time}``) in a title or body and pass
``times={"when": aware_datetime}``; ``render`` replaces each with the time in the
recipient's IANA zone: "10 Dec 2026, 16:00 CET". Never UTC unless the person lives in it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(date|time|datetime|weekday))?\}")


def zone_of(name: str | None) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local(value: dt.datetime, zone: str | None) -> dt.datetime:
    return value.astimezone(zone_of(zone))


def format_time(value: dt.datetime | dt.date, zone: str | None, style: str = "datetime") -> str:
    """ "10 Dec 2026, 16:00 CET" (datetime), "10 Dec 2026" (date), "16:00 CET" (time),
    "Thu 10 Dec, 16:00 CET" (weekday). A plain date is shown as it is."""
    if not isinstance(value, dt.datetime):
        return f"{value.day} {value:%b %Y}"
    moment = local(value, zone)
    name = moment.tzname() or ""
    if style == "date":
        return f"{moment.day} {moment:%b %Y}"
    if style == "time":
        return f"{moment:%H:%M} {name}".strip()
    if style == "weekday":
        return f"{moment:%a} {moment.day} {moment:%b, %H:%M} {name}".strip()
    return f"{moment.day} {moment:%b %Y, %H:%M} {name}".strip()


def render(text: str, times: Mapping[str, dt.datetime | dt.date] | None, zone: str | None) -> str:
    """Replace the ``{name}`` placeholders of ``times`` (others are left as they are)."""
    if not times:
        return text

    def swap(match: re.Match[str]) -> str:
        name, style = match.group(1), match.group(2) or "datetime"
        if name not in times:
            return match.group(0)
        return format_time(times[name], zone, style)

    return _PLACEHOLDER.sub(swap, text)
