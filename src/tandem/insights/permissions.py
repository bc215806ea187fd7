"""Who sees which aggregates: leaders and org admins every program's, program managers
their programs'. Nobody sees a person's answers here."""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_leader
from tandem.programs.models import Program
from tandem.programs.permissions import is_program_manager


def can_view_org_insights(user: Any) -> bool:
    return is_leader(user)


def can_view_program_insights(user: Any, program: Program) -> bool:
    return is_leader(user) or is_program_manager(user, program)


def can_view_insights(user: Any) -> bool:
    """Whether the Insights menu shows (leaders, admins, any program manager)."""
    if is_leader(user):
        return True
    return is_authenticated(user) and Program.objects.filter(managers__user=user).exists()
