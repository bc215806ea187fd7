"""Home-page sections other apps contribute (programs, relationships…), like ``NAV_ITEMS``.

An app registers a section in its ``AppConfig.ready``::

    from tandem.web.home import HomeSection, HOME_SECTIONS

    HOME_SECTIONS.append(HomeSection("programs/_home_cards.html", my_programs_context, order=10))

``context(request)`` returns the template's context, or ``None`` to hide the section. The
template is included inside the home page's card area with that context plus ``request``.

Above the sections the home page answers "what should I do now?": every function in
``NEXT_STEPS`` returns the viewer's ``NextStep`` items (the next meeting, goals due, requests
waiting, applications to decide, runs to review, relationships at risk…)::

    NEXT_STEPS.append(my_next_steps)  # (request) -> list[NextStep]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


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
    """The visible sections, in order, each ``{"template": name, "context": {...}}``."""
    sections = []
    for section in sorted(HOME_SECTIONS, key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return sections
