"""Home-page sections other apps contribute (programs, relationships…), like ``NAV_ITEMS``.

An app registers a section in its ``AppConfig.ready``::

    from tandem.web.home import HomeSection, HOME_SECTIONS

    HOME_SECTIONS.append(HomeSection("programs/_home_cards.html", my_programs_context, order=10))

``context(request)`` returns the template's context, or ``None`` to hide the section. The
template is included inside the home page's card area with that context plus ``request``.
A visible section may also bring what its page needs: ``head`` (a template included in the
page's ``<head>``, e.g. its scripts) and ``csp_update`` (sources added to the page's
Content-Security-Policy, as django-csp's ``csp_update`` decorator does for a view), so the
leader's dashboard draws its charts on the home page exactly as on ``/insights/``.

Above the sections the home page answers "what should I do now?": every function in
``NEXT_STEPS`` returns the viewer's ``NextStep`` items (the next meeting, goals due, requests
waiting, applications to decide, runs to review, relationships at risk…)::

    NEXT_STEPS.append(my_next_steps)  # (request) -> list[NextStep]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100
    head: str = ""
    csp_update: dict[str, list[str]] = field(default_factory=dict)


HOME_SECTIONS: list[HomeSection] = []


@dataclass(frozen=True)
class NextStep:
    """One thing to do now: a sentence, where to do it, and an optional detail line."""

    title: str
    url: str
    action: str = "Open"
    detail: str = ""
    urgent: bool = False
    order: int = 100  # lower first; urgent items come before everything else


NEXT_STEPS: list[Callable[[HttpRequest], list[NextStep]]] = []
MAX_NEXT_STEPS = 8


def next_steps(request: HttpRequest) -> list[NextStep]:
    steps = [step for provider in NEXT_STEPS for step in provider(request)]
    steps.sort(key=lambda s: (not s.urgent, s.order))
    return steps[:MAX_NEXT_STEPS]


def home_sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The visible sections, in order, each ``{"template", "context", "head", "csp_update"}``."""
    sections = []
    for section in sorted(HOME_SECTIONS, key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            sections.append(
                {
                    "template": section.template,
                    "context": context,
                    "head": section.head,
                    "csp_update": section.csp_update,
                }
            )
    return sections


def sections_csp(sections: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The CSP sources the visible sections add, merged per directive (each source once)."""
    merged: dict[str, list[str]] = {}
    for section in sections:
        for directive, sources in section["csp_update"].items():
            known = merged.setdefault(directive, [])
            known.extend(s for s in sources if s not in known)
    return merged
