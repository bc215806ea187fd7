"""Who may do what with programs and participants. Views and API both call these.

Roles: an org admin can do everything; a program manager (``Program.managers``) edits and
runs their programs only; an employee sees programs they are eligible for (not drafts) and
their own participations; a leader sees every non-draft program with aggregate figures only.
"""

from __future__ import annotations

from typing import Any

from tandem.core import clock
from tandem.core.permissions import is_authenticated, is_leader, is_org_admin

from .design import roles_for_type
from .eligibility import check_any_role
from .models import Participant, Program


def person_id_of(user: Any) -> int | None:
    """The directory person id of a login (cached on the user object)."""
    if not is_authenticated(user):
        return None
    if not hasattr(user, "_tandem_person_id"):
        from tandem.people.models import Person

        user._tandem_person_id = (
            Person.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        )
    return user._tandem_person_id  # type: ignore[no-any-return]


def is_program_manager(user: Any, program: Program) -> bool:
    """True when the user's person is one of ``program.managers`` (uses a prefetch if any)."""
    person_id = person_id_of(user)
    if person_id is None or not user.is_active:
        return False
    cache = getattr(program, "_prefetched_objects_cache", {})
    if "managers" in cache:
        return any(p.pk == person_id for p in cache["managers"])
    return program.managers.filter(pk=person_id).exists()


def _is_participant(user: Any, program: Program) -> bool:
    person_id = person_id_of(user)
    return person_id is not None and program.participants.filter(person_id=person_id).exists()


def can_create_program(user: Any) -> bool:
    return is_org_admin(user)


def can_edit_program(user: Any, program: Program) -> bool:
    return is_org_admin(user) or is_program_manager(user, program)


def can_change_managers(user: Any, program: Program) -> bool:
    return is_org_admin(user)


def can_manage_participants(user: Any, program: Program) -> bool:
    return can_edit_program(user, program)


def can_announce_program(user: Any, program: Program) -> bool:
    return can_edit_program(user, program)


def can_clone_program(user: Any, program: Program) -> bool:
    return can_edit_program(user, program)


def can_view_program_stats(user: Any, program: Program) -> bool:
    """Aggregate figures (counts by role and status): managers, admins and leaders."""
    if can_edit_program(user, program):
        return True
    return is_leader(user) and program.status != Program.Status.DRAFT


def is_eligible(user: Any, program: Program) -> bool:
    from tandem.people.models import Person

    person = Person.objects.filter(user_id=user.pk).first() if is_authenticated(user) else None
    if person is None:
        return False
    roles = roles_for_type(program.type)
    return check_any_role(person, program.eligibility, clock.today(), roles).eligible


def can_view_program(user: Any, program: Program) -> bool:
    """Drafts: admins and managers only. Otherwise also leaders, participants, the eligible."""
    if not is_authenticated(user) or not user.is_active:
        return False
    if can_edit_program(user, program):
        return True
    if program.status == Program.Status.DRAFT:
        return False
    return is_leader(user) or _is_participant(user, program) or is_eligible(user, program)


def can_enroll(user: Any, program: Program) -> bool:
    """May try to apply (the enrolment service then checks window, eligibility, duplicates)."""
    return person_id_of(user) is not None and can_view_program(user, program)


def can_enroll_others(user: Any, program: Program) -> bool:
    return can_manage_participants(user, program)


def can_view_participant(user: Any, participant: Participant) -> bool:
    if person_id_of(user) == participant.person_id and user.is_active:
        return True
    return can_manage_participants(user, participant.program)


def can_decide_participant(user: Any, participant: Participant) -> bool:
    return can_manage_participants(user, participant.program)


def can_withdraw_participant(user: Any, participant: Participant) -> bool:
    return can_view_participant(user, participant)


def can_set_capacity(user: Any, participant: Participant) -> bool:
    return can_view_participant(user, participant)
