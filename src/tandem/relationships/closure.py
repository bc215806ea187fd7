"""Closing: relationships closed at their program's end, and the closure survey each member
answers once their relationship has closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.selectors import person_of

from . import permissions
from .common import MEMBERS_ONLY
from .models import ClosureSurvey, Relationship
from .services import OPEN, end_relationship

NOT_CLOSED_YET = "The closure survey opens when the relationship is completed or ended."
SURVEY_ONCE = "You have already answered the closure survey."
ACHIEVED_REQUIRED = "Tell us what you achieved together (a sentence is enough)."
RATING_RANGE = "The rating is a whole number from 1 to 5."


@transaction.atomic
def submit_closure_survey(
    *, relationship: Relationship, actor: Any, achieved: str, rating: int, would_recommend: bool
) -> ClosureSurvey:
    if not permissions.is_member(actor, relationship):
        raise NotAllowed(MEMBERS_ONLY)
    if not relationship.is_closed:
        raise ConflictError(NOT_CLOSED_YET)
    person = person_of(actor)
    if ClosureSurvey.objects.filter(relationship=relationship, person=person).exists():
        raise ConflictError(SURVEY_ONCE)
    if not achieved.strip():
        raise DomainError(ACHIEVED_REQUIRED, field="achieved")
    if not 1 <= rating <= 5:
        raise DomainError(RATING_RANGE, field="rating")
    survey = ClosureSurvey(
        relationship=relationship,
        person=person,
        achieved=achieved.strip(),
        rating=rating,
        would_recommend=would_recommend,
    )
    full_clean_or_raise(survey, exclude=["relationship", "person"])
    survey.save()
    return survey


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
