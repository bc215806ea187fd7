"""From the database to the outcome comparison: who took part, who is comparable, what
happened to them after the program's index date (its start)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import asdict
from typing import Any

from django.db import connection, transaction
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from tandem.core import clock
from tandem.people.models import HREvent, Person
from tandem.programs.models import Participant, Program

from .outcomes import Cell, Comparison, compare_cells

OUTCOMES = {
    "retention": HREvent.Kind.TERMINATION,
    "promotion": HREvent.Kind.PROMOTION,
    "move": HREvent.Kind.MOVE,
}
TAKING_PART = [Participant.Status.APPROVED, Participant.Status.MATCHED]


def index_date(program: Program) -> dt.date:
    return program.starts_on or program.created_at.date()


# One pass over each table (grouped joins, no per-person subqueries), the same SQL on
# PostgreSQL and SQLite: dates compare as dates there and as ISO text here. Everyone is
# grouped once, by stratum and follow-up: people with no HR event since the index date (most
# of them) share one follow-up, so they fall into one group per stratum.
CELLS_SQL = """
WITH firsts AS (
    SELECT person_id,
           MIN(CASE WHEN kind = 'termination' THEN "date" END) AS left_on,
           MIN(CASE WHEN kind = %(kind)s AND "date" > %(index)s THEN "date" END) AS happened
    FROM {events} WHERE "date" >= %(index)s GROUP BY person_id
), treated AS (
    SELECT DISTINCT person_id FROM {participants}
    WHERE program_id = %(program)s AND status IN ('approved', 'matched')
      AND role IN ('mentee', 'peer')
), subjects AS (
    SELECT CASE WHEN t.person_id IS NULL THEN 0 ELSE 1 END AS treated,
           p.department, p.job_level, p.location,
           CASE WHEN p.hire_date > %(band1)s THEN '<1y' WHEN p.hire_date > %(band3)s THEN '1-3y'
                WHEN p.hire_date > %(band5)s THEN '3-5y' WHEN p.hire_date > %(band10)s
                THEN '5-10y' ELSE '10y+' END AS band,
           f.happened,
           CASE WHEN f.left_on IS NOT NULL AND f.left_on < %(today)s
                THEN f.left_on ELSE %(today)s END AS end_on,
           CASE WHEN f.happened <= %(within)s THEN 1 ELSE 0 END AS event,
           CASE WHEN f.happened <= %(within)s THEN 1
                WHEN %(long_enough)s = 1 AND (f.left_on IS NULL OR f.left_on >= %(whole)s) THEN 1
                ELSE 0 END AS followed
    FROM {people} p
    LEFT JOIN firsts f ON f.person_id = p.id
    LEFT JOIN treated t ON t.person_id = p.id
    WHERE p.hire_date <= %(index)s
      AND NOT EXISTS (
          SELECT 1 FROM {events} e
          WHERE e.person_id = p.id AND e.kind = 'termination' AND e."date" < %(index)s)
      AND (t.person_id IS NOT NULL OR NOT EXISTS (
          SELECT 1 FROM {participants} q WHERE q.person_id = p.id AND q.program_id = %(program)s))
), cells AS MATERIALIZED (
    SELECT treated, department, job_level, band, location,
           CASE WHEN COALESCE(happened, end_on) < %(cap)s THEN COALESCE(happened, end_on)
                ELSE %(cap)s END AS until,
           event, followed, COUNT(*) AS n
    FROM subjects
    GROUP BY treated, department, job_level, band, location, until, event, followed
)
SELECT * FROM cells
ORDER BY treated, department, job_level, band, location, until, event, followed
"""
# The groups come sorted (nearly the cells' own order, so sorting them again in Python costs
# little). At 200,000 people, sorting the people to group them (on disk, with PostgreSQL's
# default 4 MB work_mem) cost most of the query: the groups are a materialised step, so the
# database hashes the people into groups in memory and sorts only the groups.
WORK_MEM = "SET LOCAL work_mem = '64MB'"  # this query's transaction only


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def outcome_cells(program: Program, outcome: str, horizon: float) -> list[Cell]:
    """Participants (mentees and peers who took part) and everyone else employed on the
    index date who never enrolled, counted by the database (one query) in groups of people
    alike in stratum, group and follow-up: ``outcomes.cells`` on one record per person gives
    the same cells (tests/insights/test_outcome_cells.py)."""
    index = index_date(program)
    today = clock.today()
    within = index + dt.timedelta(days=math.floor(horizon))  # the event counts up to this day
    whole = index + dt.timedelta(days=math.ceil(horizon))  # followed this long: the whole horizon
    params: dict[str, Any] = {
        "index": index,
        "kind": OUTCOMES[outcome],
        "program": program.pk,
        "today": today,
        "within": within,
        "whole": whole,
        "long_enough": int(today >= whole),
        "cap": within + dt.timedelta(days=1),
    }
    for years in (1, 3, 5, 10):  # tenure_band: whole days since hiring below the band's limit
        params[f"band{years}"] = index - dt.timedelta(days=math.ceil(years * 365.25))
    sql = CELLS_SQL.format(
        events=HREvent._meta.db_table,
        participants=Participant._meta.db_table,
        people=Person._meta.db_table,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(WORK_MEM)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: Counter[tuple[bool, tuple[str, str, str, str], float, bool, bool]] = Counter()
    # One tuple per stratum, shared by its cells: tuples compare equal by identity first, so
    # sorting 70,000 cells (and matching them by stratum) skips comparing the four names.
    strata: dict[tuple[Any, ...], tuple[str, str, str, str]] = {}
    for treated, department, level, band, location, until, event, followed, n in rows:
        stratum = strata.get((department, level, band, location))
        if stratum is None:
            stratum = (department or "", str(level or ""), band, location or "")
            strata[(department, level, band, location)] = stratum
        days = float((_day(until) - index).days)
        counts[(bool(treated), stratum, min(days, horizon), bool(event), bool(followed))] += n
    return [Cell(*key, count=n) for key, n in sorted(counts.items())]


def _flip(rate: dict[str, Any]) -> dict[str, Any]:
    if not rate["n"]:
        return rate
    kept = rate["n"] - rate["events"]
    low, high = proportion_confint(kept, rate["n"], alpha=0.05, method="wilson")
    return {
        "n": rate["n"],
        "events": kept,
        "rate": kept / rate["n"],
        "ci_low": low,
        "ci_high": high,
    }


def program_outcome(program: Program, outcome: str, months: int) -> dict[str, Any]:
    horizon = months * 30.44
    groups = outcome_cells(program, outcome, horizon)
    result: Comparison = compare_cells(groups, horizon_days=horizon, seed=program.pk)
    data = asdict(result)
    if outcome == "retention":
        data["participants"] = _flip(data["participants"])
        data["comparison"] = _flip(data["comparison"])
        if result.enough_data:
            p, c = data["participants"], data["comparison"]
            low, high = confint_proportions_2indep(
                p["events"], p["n"], c["events"], c["n"], method="newcomb", compare="diff"
            )
            data.update(difference=p["rate"] - c["rate"], ci_low=float(low), ci_high=float(high))
    data.update(
        outcome=outcome, months=months, index_date=index_date(program), program_id=program.pk
    )
    return data
