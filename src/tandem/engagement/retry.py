"""Retry schedules with exponential backoff for everything the engagement app sends.

Webhooks follow the Standard Webhooks recommendation — immediately, then after 5 s, 5 min,
30 min, 2 h, 5 h, 10 h and 10 h (about 27 hours in all) — and chat posts and emails back off
the same way over fewer attempts.
"""

from __future__ import annotations

import datetime as dt

WEBHOOK_SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)  # seconds before attempt n
CHAT_SCHEDULE = (0, 30, 300, 1800, 7200)
EMAIL_SCHEDULE = (0, 60, 600, 3600, 14400)


def next_attempt(
    schedule: tuple[int, ...], attempts_made: int, now: dt.datetime
) -> dt.datetime | None:
    """When to try again after ``attempts_made`` failures, or None when the schedule is spent."""
    if attempts_made >= len(schedule):
        return None
    return now + dt.timedelta(seconds=schedule[attempts_made])
