"""The printable program report: the dashboard's figures as one section per page.

Both the HTML page and the PDF are drawn from ``program_report``, which takes its numbers
from ``program_kpis`` and ``program_outcome`` (the dashboard's and the outcome page's own
reads): the report never recomputes a figure differently. Hidden figures (the small-group
rule) stay hidden: a suppressed block is reported as hidden, never as its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tandem.core import clock
from tandem.engagement.timefmt import format_time
from tandem.programs.models import Program

from .kpis import MIN_GROUP, Filters, program_kpis
from .outcome_data import program_outcome

REPORT_OUTCOME = ("retention", 12)  # the outcome page's default comparison


@dataclass(frozen=True)
class Chart:
    """A bar chart (``labels``/``values``) or step lines (``lines``: name, x, y)."""

    label: str
    labels: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    scale_max: float | None = None  # the top of the value axis when it is a fixed scale

    def as_json(self) -> dict[str, Any]:
        """The shape ``insights/charts.js`` draws."""
        if self.lines:
            return {"lines": self.lines}
        return {"x": self.labels, "y": self.values}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    summary: str
    header: list[str]
    rows: list[list[str]]
    chart: Chart | None = None
    note: str = ""


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


def interval(low: float | None, high: float | None, percent: bool = False, digits: int = 1) -> str:
    if low is None or high is None:
        return "—"
    if percent:
        return f"{100 * low:.0f}–{100 * high:.0f} %"
    return f"{low:.{digits}f} to {high:.{digits}f}"


def num(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _rate_section(key: str, title: str, block: dict[str, Any], what: str, done: str) -> Section:
    """Goal and training completion: a rate with its Wilson interval."""
    n, events = block["n"], block["events"]
    if n == 0:
        summary = f"No {what} to count yet."
        chart = None
    else:
        summary = (
            f"{pct(block['rate'])} of {n} {what} {done} "
            f"(95 % interval {interval(block['ci_low'], block['ci_high'], percent=True)})."
        )
        chart = Chart(
            f"Bar chart of {what}: {done} and not; the figures are in the table.",
            [done.capitalize(), f"Not {done}"],
            [events, n - events],
        )
    rows = [
        [what.capitalize(), str(n)],
        [done.capitalize(), str(events)],
        ["Rate", pct(block["rate"])],
        ["95 % interval (Wilson)", interval(block["ci_low"], block["ci_high"], percent=True)],
    ]
    return Section(key, title, summary, ["Measure", "Value"], rows, chart)


def _funnel(k: dict[str, Any]) -> Section:
    f = k["funnel"]
    summary = (
        f"{f['eligible']} people eligible, {f['applied']} applied, {f['approved']} approved "
        f"and {f['matched']} matched."
    )
    chart = Chart(
        "Bar chart of the enrolment funnel; the figures are in the table.",
        [s.capitalize() for s in f],
        list(f.values()),
    )
    rows = [[step.capitalize(), str(n)] for step, n in f.items()]
    note = "Eligible counts the people eligible now plus those who applied."
    return Section("funnel", "Enrolment funnel", summary, ["Step", "People"], rows, chart, note)


def _matching(k: dict[str, Any]) -> Section:
    m = k["match_rate"]
    days = k["median_days_to_match"]
    if m["n"] == 0:
        summary = "No approved mentees or peers yet."
        chart = None
    else:
        summary = (
            f"{m['events']} of {m['n']} approved mentees and peers are matched: "
            f"{pct(m['rate'])} (95 % interval {interval(m['ci_low'], m['ci_high'], True)})."
        )
        if days is not None:
            summary += f" Median time from application to match: {days} days."
        chart = Chart(
            "Bar chart of approved mentees and peers, matched and not; figures in the table.",
            ["Matched", "Not yet matched"],
            [m["events"], m["n"] - m["events"]],
        )
    rows = [
        ["Approved mentees and peers", str(m["n"])],
        ["Matched", str(m["events"])],
        ["Match rate", pct(m["rate"])],
        ["95 % interval (Wilson)", interval(m["ci_low"], m["ci_high"], percent=True)],
        ["Median days to match", "—" if days is None else str(days)],
    ]
    return Section("matching", "Matching", summary, ["Measure", "Value"], rows, chart)


def _meetings(k: dict[str, Any]) -> Section:
    m = k["meetings_per_relationship"]
    held, expected = m["held"], m["expected_per_relationship"]
    if m["relationships"] == 0:
        summary = "No relationship has started yet."
        chart = None
    else:
        summary = (
            f"{num(held['mean'])} meetings held per relationship on average across "
            f"{m['relationships']} relationships (95 % interval "
            f"{interval(held['ci_low'], held['ci_high'])}); meeting every "
            f"{m['cadence_days']} days would mean {num(expected)} by now."
        )
        chart = Chart(
            "Bar chart of meetings held per relationship against the cadence's expectation.",
            ["Held (mean)", "Expected at the cadence"],
            [held["mean"] or 0.0, expected or 0.0],
        )
    rows = [
        ["Relationships started", str(m["relationships"])],
        ["Meetings held per relationship (mean)", num(held["mean"])],
        ["95 % interval (Student t)", interval(held["ci_low"], held["ci_high"])],
        ["Expected at the cadence", num(expected)],
        ["Cadence", f"every {m['cadence_days']} days"],
    ]
    return Section("meetings", "Meetings", summary, ["Measure", "Value"], rows, chart)


def _satisfaction(k: dict[str, Any]) -> Section:
    s, n = k["satisfaction"], k["nps"]

    def shown(block: dict[str, Any], value: str, digits: int) -> tuple[str, str]:
        if block["suppressed"]:
            return f"hidden (fewer than {MIN_GROUP})", "—"
        if block["n"] == 0:
            return "no answers yet", "—"
        return num(block[value], digits), interval(block["ci_low"], block["ci_high"], digits=digits)

    s_value, s_ci = shown(s, "mean", 2)
    n_value, n_ci = shown(n, "score", 0)

    def sentence(name: str, block: dict[str, Any], value: str, ci: str, unit: str) -> str:
        title = name[0].upper() + name[1:]
        if block["n"] == 0:
            return f"No {name} answers yet."
        if block["suppressed"]:
            return f"{title}: hidden, fewer than {MIN_GROUP} answers."
        extra = f" (95 % interval {ci})" if ci != "—" else ""
        return f"{title}: {value}{unit}{extra}, from {block['n']} answers."

    summary = " ".join(
        [
            sentence("meeting satisfaction", s, s_value, s_ci, " on a 1–5 scale"),
            sentence("Net Promoter Score", n, n_value, n_ci, ""),
        ]
    )
    chart = None
    if not s["suppressed"] and s["mean"] is not None:
        chart = Chart(
            "Bar chart of the mean meeting satisfaction on a 1–5 scale.",
            ["Satisfaction (1–5)"],
            [s["mean"]],
            scale_max=5.0,
        )
    rows = [
        ["Satisfaction (meeting pulse, 1–5)", str(s["n"]), s_value, s_ci],
        ["NPS (−100 to 100)", str(n["n"]), n_value, n_ci],
    ]
    note = f"Both are hidden below {MIN_GROUP} answers so that nobody's answer can be singled out."
    return Section(
        "satisfaction",
        "Satisfaction and NPS",
        summary,
        ["Measure", "Answers", "Value", "95 % interval"],
        rows,
        chart,
        note,
    )


def _health(k: dict[str, Any]) -> Section:
    bands = k["health_distribution"]
    names = {"healthy": "Healthy", "watch": "Watch", "at_risk": "At risk"}
    live = sum(bands.values())
    summary = (
        f"{live} active relationships: {bands['healthy']} healthy, {bands['watch']} to watch "
        f"and {k['at_risk']} at risk."
    )
    chart = Chart(
        "Bar chart of active relationships by health band; the figures are in the table.",
        [names[b] for b in bands],
        list(bands.values()),
    )
    rows = [[names[b], str(v)] for b, v in bands.items()]
    return Section("health", "Relationship health", summary, ["Band", "Relationships"], rows, chart)


def _ended_early(k: dict[str, Any]) -> Section:
    e = k["ended_early"]
    summary = (
        "No relationship ended early."
        if e["count"] == 0
        else f"{e['count']} relationships ended early."
    )
    chart = (
        Chart(
            "Bar chart of the reasons relationships ended early; the figures are in the table.",
            [r["reason"] for r in e["reasons"]],
            [r["count"] for r in e["reasons"]],
        )
        if e["reasons"]
        else None
    )
    rows = [[r["reason"], str(r["count"])] for r in e["reasons"]]
    note = f"Reasons given by fewer than {MIN_GROUP} (and the next-smallest) are grouped."
    return Section(
        "ended_early", "Ended early", summary, ["Reason", "Relationships"], rows, chart, note
    )


def _outcomes(program: Program) -> Section:
    outcome, months = REPORT_OUTCOME
    r = program_outcome(program, outcome, months)
    if r["enough_data"]:
        summary = (
            f"After {months} months {pct(r['participants']['rate'])} of participants and "
            f"{pct(r['comparison']['rate'])} of comparable colleagues are still employed: a "
            f"difference of {r['difference']:+.3f} (95 % interval {r['ci_low']:.3f} to "
            f"{r['ci_high']:.3f}, Newcombe). {r['message']}"
        )
    else:
        summary = r["message"]
    rows = [
        [
            name,
            str(g["n"]),
            str(g["events"]),
            num(g["rate"], 3),
            interval(g["ci_low"], g["ci_high"], digits=3),
        ]
        for name, g in [
            ("Participants", r["participants"]),
            ("Comparable colleagues", r["comparison"]),
        ]
    ]
    lines = [
        {"name": name.capitalize(), "x": [p["day"] for p in pts], "y": [p["survival"] for p in pts]}
        for name, pts in r["curves"].items()
        if pts
    ]
    chart = Chart("Kaplan–Meier retention curves of both groups.", lines=lines) if lines else None
    note = (
        "Participants are compared with colleagues employed at the program's start who did not "
        "enrol, matched on department, level, tenure band and location. This shows an "
        "association, not proof that the program caused it. The outcome ignores the filters."
    )
    return Section(
        "outcomes",
        f"Outcomes: retention after {months} months",
        summary,
        ["Group", "Followed", "Still employed", "Rate", "95 % interval"],
        rows,
        chart,
        note,
    )


def describe_filters(f: Filters) -> list[str]:
    out = []
    if f.department:
        out.append(f"Department: {f.department}")
    if f.location:
        out.append(f"Location: {f.location}")
    if f.level is not None:
        out.append(f"Job level: {f.level}")
    if f.date_from:
        out.append(f"From {f.date_from:%d %b %Y}")
    if f.date_to:
        out.append(f"To {f.date_to:%d %b %Y}")
    return out


def program_report(program: Program, f: Filters | None, zone: str | None) -> dict[str, Any]:
    """The report's title lines and its sections, in page order."""
    f = f or Filters()
    k = program_kpis(program, f)
    sections = [
        _funnel(k),
        _matching(k),
        _meetings(k),
        _rate_section("goals", "Goals", k["goal_completion"], "goals", "achieved"),
        _rate_section(
            "training",
            "Training",
            k["training_completion"],
            "required trainings",
            "completed",
        ),
        _satisfaction(k),
        _health(k),
        _ended_early(k),
        _outcomes(program),
    ]
    return {
        "program": program,
        "title": f"Program report: {program.name}",
        "generated": format_time(clock.now(), zone),
        "filters": describe_filters(f),
        "sections": sections,
        "charts": {s.key: s.chart.as_json() for s in sections if s.chart},
    }
