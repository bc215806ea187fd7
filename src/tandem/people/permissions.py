"""Who may do what in the people directory. Views and API both call these."""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_org_admin

from .models import Person


def can_view_directory(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_active)


def can_view_person(user: Any, person: Person) -> bool:
    return can_view_directory(user)


def can_create_person(user: Any) -> bool:
    return is_org_admin(user)


def can_edit_person(user: Any, person: Person) -> bool:
    return is_org_admin(user)


def can_import_people(user: Any) -> bool:
    return is_org_admin(user)


def can_view_profile(user: Any, person: Person) -> bool:
    return can_view_directory(user)


def can_edit_profile(user: Any, person: Person) -> bool:
    if not can_view_directory(user):
        return False
    return is_org_admin(user) or (person.user_id is not None and person.user_id == user.pk)


def can_manage_provisioning(user: Any) -> bool:
    """SCIM tokens and the provisioning page: org admins."""
    return is_org_admin(user)
