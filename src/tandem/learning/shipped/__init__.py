"""Content Tandem ships: six training modules (more in ``resources`` once added)."""

from __future__ import annotations

from typing import Any

from .modules_mentee import MENTEE_MODULES
from .modules_mentor import MENTOR_MODULES

MODULES: list[dict[str, Any]] = [*MENTOR_MODULES, *MENTEE_MODULES]
