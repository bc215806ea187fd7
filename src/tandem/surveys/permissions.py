"""Who may build, answer and read surveys. Views and API both call these."""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_leader, is_org_admin
from tandem.programs.models import Program
from tandem.programs.permissions import is_program_manager

from .models import Survey


def can_create_survey(user: Any, program: Program | None) -> bool:
    if program is None:
        return is_org_admin(user)
    return is_org_admin(user) or is_program_manager(user, program)


def can_manage_survey(user: Any, survey: Survey) -> bool:
    return can_create_survey(user, survey.program)


def can_view_results(user: Any, survey: Survey) -> bool:
    """Aggregates only: managers of the survey's program, org admins and leaders."""
    return is_leader(user) or can_manage_survey(user, survey)


def can_build_surveys(user: Any) -> bool:
    """Whether the survey builder is offered at all (admins and program managers)."""
    if is_org_admin(user):
        return True
    return is_authenticated(user) and Program.objects.filter(managers__user=user).exists()
