"""Closing: relationships closed at their program's end, and the closure survey each member
answers once their relationship has closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed

from . import permissions
from .closure_port import ClosureAnswer, closure_surveys
from .common import MEMBERS_ONLY
from .models import Relationship
from .services import OPEN, end_relationship

NOT_CLOSED_YET = "The closure survey opens when the relationship is completed or ended."
ACHIEVED_REQUIRED = "Tell us what you achieved together (a sentence is enough)."
RATING_RANGE = "The rating is a whole number from 1 to 5."
NPS_RANGE = "The recommendation score is a whole number from 0 to 10."


def submit_closure_survey(
    *,
    relationship: Relationship,
    actor: Any,
    achieved: str,
    rating: int,
    would_recommend: bool,
    nps: int | None = None,
) -> ClosureAnswer:
    """Answer the program's closure survey (a survey of the builder) in the fixed form's
    three fields (and the optional 0–10 recommendation score)."""
    if not permissions.is_member(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if not relationship.is_closed:
        raise ConflictError(NOT_CLOSED_YET)
    if not achieved.strip():
        raise DomainError(ACHIEVED_REQUIRED, field="achieved")
    if not 1 <= rating <= 5:
        raise DomainError(RATING_RANGE, field="rating")
    if nps is not None and not 0 <= nps <= 10:
        raise DomainError(NPS_RANGE, field="nps")
    return closure_surveys().answer(
        relationship=relationship,
        actor=actor,
        achieved=achieved.strip(),
        rating=rating,
        would_recommend=would_recommend,
        nps=nps,
    )


def my_closure_answer(*, relationship: Relationship, actor: Any) -> ClosureAnswer | None:
    if not permissions.is_member(actor, relationship):
        return None
    return closure_surveys().mine(relationship=relationship, actor=actor)


PROGRAM_ENDED_UNSTARTED = "The program ended before the agreement was accepted."


def close_relationships_at_program_end(*, today: dt.date | None = None) -> int:
    """Complete the open relationships of programs that have ended (pending ones end).

    Run daily by ``tasks.close_finished_relationships``; idempotent. Returns how many closed.
    """
    today = today or clock.today()
    due = (
        Relationship.objects.filter(status__in=OPEN, program__ends_on__lt=today)
        .select_related("program")
        .prefetch_related("members__participant__person")
    )
    closed = 0
    for relationship in due:
        pending = relationship.status == Relationship.Status.PENDING
        end_relationship(
            relationship=relationship,
            actor=None,
            reason=PROGRAM_ENDED_UNSTARTED if pending else "",
            status=Relationship.Status.ENDED if pending else Relationship.Status.COMPLETED,
            ended_on=relationship.program.ends_on,
            check_permission=False,
        )
        closed += 1
    return closed
