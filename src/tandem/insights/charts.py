"""What the dashboards' charts need: the vendored plotly.min.js, the CSP it requires, and the
chart data (``{"x": [...], "y": [...]}`` per chart) the browser draws from.

Shared by the dashboard pages and the leader's home page (``HomeSection.csp_update``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# plotly.js adds two <style> elements of its own (an empty one it fills through the CSSOM,
# and its modebar rules): allowed by their exact hashes, not by 'unsafe-inline'.
PLOTLY_CSP: dict[str, list[str]] = {
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",
    ]
}


def org_charts(overview: dict[str, Any]) -> dict[str, Any]:
    """The organisation dashboard's charts: the funnel, and people matched per program."""
    return {
        "funnel": {
            "x": [s.capitalize() for s in overview["funnel"]],
            "y": list(overview["funnel"].values()),
        },
        "programs": {
            "x": [r["program"] for r in overview["programs"]],
            "y": [r["funnel"]["matched"] for r in overview["programs"]],
        },
    }


def program_charts(k: dict[str, Any]) -> dict[str, Any]:
    """A program dashboard's charts: its funnel and its health bands."""
    funnel = k["funnel"]
    return {
        "funnel": {"x": [s.capitalize() for s in funnel], "y": list(funnel.values())},
        "health": {
            "x": ["Healthy", "Watch", "At risk"],
            "y": list(k["health_distribution"].values()),
        },
    }
