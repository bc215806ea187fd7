"""Home-page sections other apps contribute (programs, relationships…), like ``NAV_ITEMS``.

An app registers a section in its ``AppConfig.ready``::

    from tandem.web.home import HomeSection, HOME_SECTIONS

    HOME_SECTIONS.append(HomeSection("programs/_home_cards.html", my_programs_context, order=10))

``context(request)`` returns the template's context, or ``None`` to hide the section. The
template is included inside the home page's card area with that context plus ``request``.
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


def home_sections(request: HttpRequest) -> list[dict[str, Any]]:
    """The visible sections, in order, each ``{"template": name, "context": {...}}``."""
    sections = []
    for section in sorted(HOME_SECTIONS, key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return sections
