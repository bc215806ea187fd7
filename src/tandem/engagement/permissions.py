"""Who may do what in the engagement app. Views and API both call these."""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_org_admin
from tandem.programs.models import Program
from tandem.programs.permissions import is_program_manager


def can_manage_program_engagement(user: Any, program: Program) -> bool:
    """Nudge settings, thresholds, the at-risk list, interventions, program chat channels:
    the program's managers and org admins."""
    return is_authenticated(user) and (is_org_admin(user) or is_program_manager(user, program))


def can_manage_org_channels(user: Any) -> bool:
    return is_org_admin(user)


def can_manage_webhooks(user: Any) -> bool:
    return is_org_admin(user)


def can_edit_preferences(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_active)
