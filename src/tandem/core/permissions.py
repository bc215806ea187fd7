"""Role checks shared by every app. Object-level checks live in each app's permissions.py.

Roles (PRODUCT.md): org admin, program manager (per program, in the programs app),
participant (derived from enrolment), leader (aggregate read-only), any employee.
"""

from __future__ import annotations

from typing import Any


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_org_admin(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_active and user.is_org_admin)


def is_leader(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_active and (user.is_leader or user.is_org_admin))


def can_view_audit_log(user: Any) -> bool:
    return is_org_admin(user)


def can_manage_roles(user: Any) -> bool:
    return is_org_admin(user)
