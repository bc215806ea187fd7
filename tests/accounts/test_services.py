"""Role changes are for org admins only, and always audited."""

from __future__ import annotations

import pytest

from tandem.accounts.services import CANNOT_DEMOTE_SELF, set_user_roles
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_an_admin_grants_the_leader_role_and_the_change_is_audited(admin_person, employee_person):
    user = employee_person.user
    set_user_roles(actor=admin_person.user, user=user, is_org_admin=False, is_leader=True)
    user.refresh_from_db()
    assert user.is_leader
    entry = AuditLog.objects.get(action="user.roles")
    assert entry.before == {"is_org_admin": False, "is_leader": False}
    assert entry.after == {"is_org_admin": False, "is_leader": True}
    assert entry.actor_email == admin_person.user.email


def test_an_employee_cannot_change_roles(employee_person, leader_person):
    with pytest.raises(NotAllowed):
        set_user_roles(
            actor=employee_person.user,
            user=employee_person.user,
            is_org_admin=True,
            is_leader=False,
        )
    assert not AuditLog.objects.exists()


def test_the_last_admin_cannot_remove_their_own_admin_role(admin_person):
    with pytest.raises(DomainError, match=CANNOT_DEMOTE_SELF):
        set_user_roles(
            actor=admin_person.user, user=admin_person.user, is_org_admin=False, is_leader=False
        )
