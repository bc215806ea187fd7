"""Who may run and review matching, shared by every step of the workflow."""

from __future__ import annotations

from typing import Any

from tandem.core.errors import NotAllowed
from tandem.people.models import Person
from tandem.programs.models import Program
from tandem.programs.permissions import person_id_of

from . import permissions

NOT_A_MANAGER = "Only this program's managers can run and review matching."


def require_manager(actor: Any, program: Program) -> None:
    if not permissions.can_manage_matching(actor, program):
        raise NotAllowed(NOT_A_MANAGER)


def person_of(actor: Any) -> Person | None:
    person_id = person_id_of(actor)
    return Person.objects.filter(pk=person_id).first() if person_id else None
