"""Cards other apps add to a program's page (the learning app: its success stories).

A panel is ``panel(user, program) -> {"template": …, …} | None``; the apps register theirs in
``AppConfig.ready`` so that programs imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import Program

DETAIL_PANELS: list[Callable[[Any, Program], dict[str, Any] | None]] = []


def detail_panels_for(user: Any, program: Program) -> list[dict[str, Any]]:
    return [p for p in (panel(user, program) for panel in DETAIL_PANELS) if p]
