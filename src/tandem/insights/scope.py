"""Which programs a reach or culture view covers: one program, or every program the actor
may see (leaders and org admins: all; program managers: theirs; anyone else: refused)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from tandem.core.permissions import is_authenticated
from tandem.programs.models import Program

from . import permissions, selectors


def programs_in_scope(actor: Any, program_id: int | None) -> tuple[list[Program], Program | None]:
    if not is_authenticated(actor) or not permissions.can_view_insights(actor):
        raise PermissionDenied("Only leaders, org admins and program managers see insights.")
    if program_id is None:
        return selectors.visible_programs(actor), None
    program = selectors.access_program_insights_by_id(actor=actor, program_id=program_id)
    return [program], program
