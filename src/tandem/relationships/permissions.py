"""Who may do what with a relationship. Views and the API both call these.

The rule of thumb (PRODUCT.md, privacy by design):

* members read and write their relationship — goals, meetings, shared notes, pulses;
* private notes are readable by their author only;
* the program's managers and org admins see that a relationship exists and how it is going
  (status, meetings held, goals done, average pulse, health) — never what was said: no
  notes, no goals' text, no agendas, no pulse comments.
"""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_org_admin
from tandem.programs.models import Program
from tandem.programs.permissions import is_program_manager

from .models import Goal, Meeting, Note, Relationship, RelationshipMember


def _user_active(user: Any) -> bool:
    return is_authenticated(user) and bool(user.is_active)


def can_oversee_program(user: Any, program: Program) -> bool:
    """Program managers of ``program`` and org admins: metadata, never contents."""
    return is_org_admin(user) or is_program_manager(user, program)


def membership(user: Any, relationship: Relationship) -> RelationshipMember | None:
    """The caller's membership (uses prefetched ``members__participant__person`` if present)."""
    if not _user_active(user):
        return None
    for member in relationship.members.all():
        if member.participant.person.user_id == user.pk:
            return member
    return None


def is_member(user: Any, relationship: Relationship) -> bool:
    return membership(user, relationship) is not None


def can_view_relationship(user: Any, relationship: Relationship) -> bool:
    return is_member(user, relationship) or can_oversee_program(user, relationship.program)


def can_view_contents(user: Any, relationship: Relationship) -> bool:
    """Goals, meetings, agreement notes, shared notes: the members only."""
    return is_member(user, relationship)


def can_write_contents(user: Any, relationship: Relationship) -> bool:
    return is_member(user, relationship) and not relationship.is_closed


def can_create_relationship(user: Any, program: Program) -> bool:
    return can_oversee_program(user, program)


def can_list_program_relationships(user: Any, program: Program) -> bool:
    return can_oversee_program(user, program)


def can_change_status(user: Any, relationship: Relationship) -> bool:
    """Pause, resume, end early or complete: a member, the program's managers, org admins."""
    return can_view_relationship(user, relationship)


def can_accept_agreement(user: Any, relationship: Relationship) -> bool:
    return is_member(user, relationship)


def can_draft_goal(user: Any, relationship: Relationship) -> bool:
    """Mentees and peers own goals; a mentor comments on them."""
    member = membership(user, relationship)
    return (
        member is not None
        and member.role != RelationshipMember.Role.MENTOR
        and not relationship.is_closed
    )


def can_edit_goal(user: Any, goal: Goal) -> bool:
    return can_draft_goal(user, goal.relationship)


def can_comment_on_goal(user: Any, goal: Goal) -> bool:
    return can_write_contents(user, goal.relationship)


def can_complete_milestone(user: Any, goal: Goal) -> bool:
    return can_write_contents(user, goal.relationship)


def can_schedule_meeting(user: Any, relationship: Relationship) -> bool:
    return can_write_contents(user, relationship)


def can_change_meeting(user: Any, meeting: Meeting) -> bool:
    return can_write_contents(user, meeting.relationship)


def can_give_pulse(user: Any, meeting: Meeting) -> bool:
    return is_member(user, meeting.relationship)


def can_view_note(user: Any, note: Note) -> bool:
    if not is_member(user, note.relationship):
        return False
    return note.visibility == Note.Visibility.SHARED or note.author.user_id == user.pk


def can_delete_note(user: Any, note: Note) -> bool:
    return _user_active(user) and note.author.user_id == user.pk


def can_view_certificate(user: Any, relationship: Relationship) -> bool:
    return is_member(user, relationship) and relationship.is_closed


def can_view_recognition(user: Any, program: Program) -> bool:
    """The recognition feed: anyone enrolled in the program, its managers, org admins."""
    if can_oversee_program(user, program):
        return True
    return _user_active(user) and program.participants.filter(person__user_id=user.pk).exists()
