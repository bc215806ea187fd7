"""Who may do what with match runs, proposals and requests. Views and API both call these.

Program managers (of *that* program) and org admins run, review and publish matching.
Mentees never see proposals or scores of others: only their own recommendations and
requests. A mentor sees the requests addressed to them. Leaders see no proposals.
"""

from __future__ import annotations

from typing import Any

from tandem.core.permissions import is_authenticated, is_org_admin
from tandem.programs.models import Participant, Program
from tandem.programs.permissions import is_program_manager, person_id_of

from .models import MatchRequest, MatchRun


def can_manage_matching(user: Any, program: Program) -> bool:
    if not is_authenticated(user) or not user.is_active:
        return False
    return is_org_admin(user) or is_program_manager(user, program)


def can_view_run(user: Any, run: MatchRun) -> bool:
    return can_manage_matching(user, run.program)


def can_edit_run(user: Any, run: MatchRun) -> bool:
    return can_manage_matching(user, run.program)


def can_publish_run(user: Any, run: MatchRun) -> bool:
    return can_manage_matching(user, run.program)


def can_view_program_requests(user: Any, program: Program) -> bool:
    return can_manage_matching(user, program)


def can_rematch(user: Any, program: Program) -> bool:
    return can_manage_matching(user, program)


def is_requester(user: Any, request: MatchRequest) -> bool:
    person_id = person_id_of(user)
    return person_id is not None and user.is_active and request.mentee.person_id == person_id


def is_addressee(user: Any, request: MatchRequest) -> bool:
    person_id = person_id_of(user)
    return person_id is not None and user.is_active and request.mentor.person_id == person_id


def can_view_request(user: Any, request: MatchRequest) -> bool:
    return (
        is_requester(user, request)
        or is_addressee(user, request)
        or can_manage_matching(user, request.program)
    )


def can_answer_request(user: Any, request: MatchRequest) -> bool:
    """Accept or decline: the mentor the request is addressed to, nobody else."""
    return is_addressee(user, request)


def can_withdraw_request(user: Any, request: MatchRequest) -> bool:
    return is_requester(user, request)


def mentee_participant(user: Any, program: Program) -> Participant | None:
    """The caller's mentee participation in the program, if any."""
    person_id = person_id_of(user)
    if person_id is None or not user.is_active:
        return None
    return (
        Participant.objects.select_related("person", "program")
        .filter(program=program, person_id=person_id, role=Participant.Role.MENTEE)
        .first()
    )


def can_choose_mentor(user: Any, program: Program) -> bool:
    """Mentee-choice and hybrid programs: their mentees see recommendations and request."""
    if program.matching_mode == Program.MatchingMode.ADMIN:
        return False
    return mentee_participant(user, program) is not None
