"""The at-risk chain: health bands with each program's thresholds, and the at-risk list.

``refresh_bands`` (run by every nudge evaluation) recomputes the health of every active
relationship in bulk and keeps ``RelationshipWatch`` — the band and the day it was entered —
so the list can say "at risk since 3 Dec". ``at_risk_list`` is what a program manager sees:
each relationship in the watch or at-risk band, the signals that put it there, since when,
and its open intervention.

**The one definition of "at risk"** (docs/insights.md): an *active* relationship whose health
score computed today (``health.score`` of ``health.gather_many``) is below its program's
at-risk threshold. ``live_bands`` is that definition; the at-risk list, the home page's
counts and the dashboards' health distribution all call it — never the stored
``Relationship.health`` (refreshed only by the nudge run) nor paused relationships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from tandem.core import clock
from tandem.programs.models import Program
from tandem.relationships import health
from tandem.relationships.health import Component, HealthInputs, Signal
from tandem.relationships.models import Relationship, RelationshipMember

from .models import Intervention, ProgramEngagement, RelationshipWatch
from .models.nudges import Band

if TYPE_CHECKING:
    from .nudging.engine import Run


@dataclass(frozen=True)
class Thresholds:
    watch_below: int = health.WATCH_BELOW
    at_risk_below: int = health.AT_RISK_BELOW


def thresholds_for(program_ids: list[int]) -> dict[int, Thresholds]:
    rows = ProgramEngagement.objects.filter(program_id__in=program_ids)
    found = {r.program_id: Thresholds(r.watch_below, r.at_risk_below) for r in rows}
    return {pk: found.get(pk, Thresholds()) for pk in program_ids}


def band_of(value: int | None, limits: Thresholds) -> str:
    return health.band(value, watch_below=limits.watch_below, at_risk_below=limits.at_risk_below)


def live_bands(
    relationships: QuerySet[Relationship], today: dt.date | None = None
) -> dict[int, tuple[int, str, HealthInputs]]:
    """``{pk: (program id, band, inputs)}`` of the *active* relationships among
    ``relationships``, scored today; a fixed number of queries whatever their number."""
    active = relationships.filter(status=Relationship.Status.ACTIVE)
    programs = dict(active.values_list("pk", "program_id"))
    limits = thresholds_for(sorted(set(programs.values())))
    inputs = health.gather_many(active, today or clock.today())
    return {
        pk: (programs[pk], band_of(health.score(values), limits[programs[pk]]), values)
        for pk, values in inputs.items()
    }


def band_counts(relationships: QuerySet[Relationship]) -> dict[str, int]:
    """How many of the active ``relationships`` are healthy, on watch and at risk today."""
    counts = {Band.HEALTHY.value: 0, Band.WATCH.value: 0, Band.AT_RISK.value: 0}
    for _, band, _ in live_bands(relationships).values():
        counts[band] += 1
    return counts


@dataclass(frozen=True)
class BandState:
    relationship_id: int
    program_id: int
    band: str
    since: dt.date
    health: int
    inputs: HealthInputs
    stored_health: int | None = None


def _states(
    relationships: QuerySet[Relationship], today: dt.date
) -> tuple[dict[int, BandState], dict[int, RelationshipWatch]]:
    stored = dict(relationships.values_list("pk", "health"))
    watches = {
        w.relationship_id: w
        for w in RelationshipWatch.objects.filter(relationship__in=relationships.values("pk"))
    }
    states = {}
    for pk, (program_id, band, values) in live_bands(relationships, today).items():
        known = watches.get(pk)
        since = known.since if known is not None and known.band == band else today
        states[pk] = BandState(
            pk, program_id, band, since, health.score(values), values, stored[pk]
        )
    return states, watches


def refresh_bands(run: Run, *, write: bool = True) -> dict[int, BandState]:
    """Health and band of every active relationship in the run's programs (bulk)."""
    relationships = Relationship.objects.filter(
        status=Relationship.Status.ACTIVE, program_id__in=list(run.programs)
    )
    states, watches = _states(relationships, run.as_of)
    if write:
        _store(states, watches)
    return states


def _store(states: dict[int, BandState], watches: dict[int, RelationshipWatch]) -> None:
    fresh, changed = [], []
    for pk, state in states.items():
        known = watches.get(pk)
        if known is None:
            fresh.append(
                RelationshipWatch(
                    relationship_id=pk, band=state.band, since=state.since, health=state.health
                )
            )
        elif (known.band, known.since, known.health) != (state.band, state.since, state.health):
            known.band, known.since, known.health = state.band, state.since, state.health
            changed.append(known)
    RelationshipWatch.objects.bulk_create(fresh, batch_size=500)
    RelationshipWatch.objects.bulk_update(changed, ["band", "since", "health"], batch_size=500)
    stale = [
        Relationship(pk=pk, health=s.health)
        for pk, s in states.items()
        if s.stored_health != s.health
    ]
    Relationship.objects.bulk_update(stale, ["health"], batch_size=500)


# --- the list a program manager sees -----------------------------------------------------


@dataclass
class AtRiskRow:
    relationship: Relationship
    health: int
    band: str
    since: dt.date
    signals: list[Signal]
    components: list[Component]
    members: list[Any]
    open_intervention: Intervention | None
    last_intervention: Intervention | None


def at_risk_list(program: Program, *, include_watch: bool = True) -> list[AtRiskRow]:
    """Active relationships of ``program`` in the at-risk (and watch) band, worst first.

    A fixed number of queries whatever the number of relationships."""
    today = clock.today()
    relationships = Relationship.objects.filter(program=program, status=Relationship.Status.ACTIVE)
    states, _ = _states(relationships, today)
    wanted = {Band.AT_RISK, Band.WATCH} if include_watch else {Band.AT_RISK}
    chosen = {pk: s for pk, s in states.items() if s.band in wanted}
    objects = Relationship.objects.in_bulk(list(chosen))
    members: dict[int, list[Any]] = {}
    for member in RelationshipMember.objects.filter(
        relationship_id__in=list(chosen)
    ).select_related("participant__person"):
        members.setdefault(member.relationship_id, []).append(member)
    latest: dict[int, Intervention] = {}
    open_ones: dict[int, Intervention] = {}
    for item in Intervention.objects.filter(relationship_id__in=list(chosen)).order_by(
        "created_at", "id"
    ):
        latest[item.relationship_id] = item
        if item.closed_at is None:
            open_ones[item.relationship_id] = item
    rows = [
        AtRiskRow(
            relationship=objects[pk],
            health=state.health,
            band=state.band,
            since=state.since,
            signals=health.signals(state.inputs),
            components=health.components(state.inputs),
            members=members.get(pk, []),
            open_intervention=open_ones.get(pk),
            last_intervention=latest.get(pk),
        )
        for pk, state in chosen.items()
    ]
    rows.sort(key=lambda row: (row.band != Band.AT_RISK, row.health, row.relationship.pk))
    return rows


def state_of(relationship: Relationship) -> BandState | None:
    """The live band of one relationship (None when it is not active)."""
    states, _ = _states(
        Relationship.objects.filter(pk=relationship.pk, status="active"), clock.today()
    )
    return states.get(relationship.pk)
