"""Reads for the dashboards: which programs an actor may see, their KPIs, table rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.core.permissions import is_authenticated, is_leader
from tandem.programs.models import Program
from tandem.programs.permissions import person_id_of

from . import permissions
from .charts import org_charts
from .kpis import Filters, program_kpis


def visible_programs(actor: Any) -> list[Program]:
    programs = Program.objects.exclude(status=Program.Status.DRAFT).order_by("name")
    if is_leader(actor):
        return list(programs)
    person_id = person_id_of(actor)
    if person_id is None:
        return []
    return list(programs.filter(managers=person_id).distinct())


def access_program_insights_by_id(*, actor: Any, program_id: int) -> Program:
    if not is_authenticated(actor):
        raise PermissionDenied
    program = Program.objects.filter(pk=program_id).prefetch_related("managers").first()
    if program is None or not permissions.can_view_program_insights(actor, program):
        raise Http404("No such program.")
    return program


def org_overview(actor: Any, f: Filters | None = None) -> dict[str, Any]:
    """Every visible program's KPIs and the organisation's totals."""
    if not permissions.can_view_insights(actor):
        raise PermissionDenied
    rows = [program_kpis(p, f) for p in visible_programs(actor)]
    totals = {
        k: sum(r["funnel"][k] for r in rows) for k in ("eligible", "applied", "approved", "matched")
    }
    return {
        "programs": rows,
        "funnel": totals,
        "relationships": sum(r["meetings_per_relationship"]["relationships"] for r in rows),
        "at_risk": sum(r["at_risk"] for r in rows),
        "ended_early": sum(r["ended_early"]["count"] for r in rows),
    }


def program_table(kpis: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The dashboard as one downloadable table: measure, value, interval."""

    def fmt(x: Any) -> Any:
        return "" if x is None else round(x, 3) if isinstance(x, float) else x

    rows: list[list[Any]] = [[f"funnel: {k}", v, "", ""] for k, v in kpis["funnel"].items()]
    for name, key, value in [
        ("match rate", "match_rate", "rate"),
        ("goal completion", "goal_completion", "rate"),
        ("training completion", "training_completion", "rate"),
        ("meetings held per relationship", "meetings_per_relationship", None),
        ("satisfaction (pulse 1-5)", "satisfaction", "mean"),
        ("NPS", "nps", "score"),
    ]:
        block = kpis[key]["held"] if key == "meetings_per_relationship" else kpis[key]
        shown = block.get(value or "mean")
        if block.get("suppressed"):
            rows.append([name, "hidden (fewer than 5)", "", ""])
        else:
            rows.append([name, fmt(shown), fmt(block.get("ci_low")), fmt(block.get("ci_high"))])
    rows.append(["median days to match", fmt(kpis["median_days_to_match"]), "", ""])
    rows.extend([f"health: {k}", v, "", ""] for k, v in kpis["health_distribution"].items())
    rows.append(["ended early", kpis["ended_early"]["count"], "", ""])
    rows.extend(
        [f"ended early: {r['reason']}", r["count"], "", ""] for r in kpis["ended_early"]["reasons"]
    )
    return ["measure", "value", "ci_low", "ci_high"], rows


def org_table(overview: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "program",
        "eligible",
        "applied",
        "approved",
        "matched",
        "match rate",
        "at risk",
        "ended early",
    ]
    rows = [
        [
            r["program"],
            *r["funnel"].values(),
            "" if r["match_rate"]["rate"] is None else round(r["match_rate"]["rate"], 3),
            r["at_risk"],
            r["ended_early"]["count"],
        ]
        for r in overview["programs"]
    ]
    return header, rows


def home_section(request: Any) -> dict[str, Any] | None:
    """A leader's (or org admin's) home leads with the organisation dashboard itself: the
    same figures, charts and tables as ``/insights/``, unfiltered."""
    if not permissions.can_view_org_insights(request.user):
        return None
    overview = org_overview(request.user)
    return {"overview": overview, "charts": org_charts(overview)}
