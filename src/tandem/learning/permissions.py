"""Who may do what in the learning app (one function per action)."""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_org_admin

from .models import TrainingModule


def can_author_modules(user: Any) -> bool:
    return is_org_admin(user)


def can_view_module(user: Any, module: TrainingModule) -> bool:
    return is_authenticated(user) and (module.published or is_org_admin(user))


def can_take_module(user: Any, module: TrainingModule) -> bool:
    return is_authenticated(user) and module.published


def can_view_training_of(user: Any, program: Any) -> bool:
    """Who did which program training: the program's managers and org admins."""
    from tandem.programs.permissions import is_program_manager

    return is_org_admin(user) or is_program_manager(user, program)


def _manages_any_program(user: Any) -> bool:
    from tandem.programs.selectors import managed_program_ids

    return bool(managed_program_ids(user))


def can_curate_resources(user: Any) -> bool:
    """Org admins and program managers add resources to the library."""
    return is_org_admin(user) or (is_authenticated(user) and _manages_any_program(user))


def can_edit_resource(user: Any, resource: Any) -> bool:
    if is_org_admin(user):
        return True
    person = getattr(user, "person", None) if is_authenticated(user) else None
    return person is not None and resource.created_by_id == person.pk
