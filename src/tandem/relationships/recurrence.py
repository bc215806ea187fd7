"""Recurring meetings: every N days at the same wall-clock time in the scheduler's zone.

The series is computed on local (naive) dates and then localised, so a 09:00 meeting in
New York stays at 09:00 New York time when daylight saving starts or ends — its UTC time
moves by an hour instead. A local time that does not exist on a given day (inside the
spring-forward gap) resolves to the offset before the change, i.e. one hour later on the
wall clock; an ambiguous one (autumn fold) takes the first occurrence.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

MAX_OCCURRENCES = 60


def occurrences(
    first: dt.datetime,
    *,
    time_zone: str,
    interval_days: int,
    until: dt.date,
    limit: int = MAX_OCCURRENCES,
) -> list[dt.datetime]:
    """UTC start times of the series beginning at the aware ``first``, up to ``until``.

    >>> import datetime as dt
    >>> first = dt.datetime(2025, 3, 3, 14, 0, tzinfo=dt.UTC)  # 09:00 in New York (EST)
    >>> [t.strftime("%m-%d %H:%M") for t in occurrences(first, time_zone="America/New_York",
    ...     interval_days=7, until=dt.date(2025, 3, 10))]
    ['03-03 14:00', '03-10 13:00']
    """
    if interval_days < 1:
        raise ValueError("interval_days must be at least 1")
    zone = zoneinfo.ZoneInfo(time_zone)
    local = first.astimezone(zone).replace(tzinfo=None)
    times: list[dt.datetime] = []
    step = 0
    while len(times) < limit:
        wall = local + dt.timedelta(days=interval_days * step)
        if wall.date() > until:
            break
        times.append(wall.replace(tzinfo=zone).astimezone(dt.UTC))
        step += 1
    return times
