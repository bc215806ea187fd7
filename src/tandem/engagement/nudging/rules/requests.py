"""Match requests: remind the mentor, offer the mentee other mentors, then expire.

The expiry was a periodic job of the matchmaking app; it is now the ``request_expired``
rule (not configurable: the deadline is ``Program.request_expiry_days``, fixed when the
request is sent, and the mentor can no longer accept after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.urls import reverse

from tandem.matchmaking.choice import expire_match_request
from tandem.matchmaking.models import MatchRequest

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register


def _expiry(request_id: int, now: dt.datetime) -> Callable[[], bool]:
    def act() -> bool:
        return expire_match_request(request_id=request_id, now=now)

    return act


def _pending(run: Run, enabled: dict[int, int | None]) -> list[MatchRequest]:
    return list(
        MatchRequest.objects.filter(
            status=MatchRequest.Status.PENDING, program_id__in=list(enabled)
        ).select_related("program", "mentee__person", "mentor__person")
    )


@register
class RequestUnanswered(NudgeRule):
    key = "request_unanswered"
    label = "Match request unanswered (mentor)"
    description = "N days after a mentee asked, the mentor is reminded to accept or decline."
    audience = "the mentor"
    default_days = 3
    days_label = "days after the request"
    order = 70

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        for request in _pending(run, enabled):
            days = enabled[request.program_id] or 1
            if request.expires_at <= run.now or run.now - request.created_at < dt.timedelta(
                days=days
            ):
                continue
            yield Due(
                subject_type=data.REQUEST,
                subject_id=request.pk,
                occurrence="mentor",
                program_id=request.program_id,
                recipients=[request.mentor.person],
                title=f"{request.mentee.person.full_name} is waiting for your answer",
                body=f"Their request in {request.program.name} expires on {{deadline}}. "
                "Accept or decline it so they can move on either way.",
                url=reverse("matchmaking:inbox"),
                times={"deadline": request.expires_at},
            )


@register
class RequestAlternatives(NudgeRule):
    key = "request_alternatives"
    label = "Match request unanswered (mentee)"
    description = (
        "N days after a request with no answer, the mentee is shown other mentors with a "
        "free seat (the request stays open until it expires)."
    )
    audience = "the mentee"
    default_days = 5
    days_label = "days after the request"
    order = 80

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        for request in _pending(run, enabled):
            days = enabled[request.program_id] or 1
            if request.expires_at <= run.now or run.now - request.created_at < dt.timedelta(
                days=days
            ):
                continue
            yield Due(
                subject_type=data.REQUEST,
                subject_id=request.pk,
                occurrence="mentee",
                program_id=request.program_id,
                recipients=[request.mentee.person],
                title=f"No answer from {request.mentor.person.full_name} yet: see other mentors",
                body=f"Your request stays open until {{deadline}}. Meanwhile, look at the other "
                f"mentors recommended for you in {request.program.name}; withdraw the request "
                "to ask one of them.",
                url=reverse("matchmaking:choose", args=[request.program_id]),
                times={"deadline": request.expires_at},
            )


@register
class RequestExpired(NudgeRule):
    key = "request_expired"
    label = "Match request expired"
    description = (
        "At the request's deadline (the program's request expiry days) it expires and the "
        "mentee is invited to choose again. Always on."
    )
    audience = "the mentee"
    configurable = False
    order = 90

    def due(self, run: Run) -> Iterator[Due]:
        for request in _pending(run, dict.fromkeys(run.programs)):
            if request.expires_at > run.now:
                continue
            yield Due(
                subject_type=data.REQUEST,
                subject_id=request.pk,
                occurrence="expired",
                program_id=request.program_id,
                recipients=[request.mentee.person],
                title=f"Your request to {request.mentor.person.full_name} expired",
                body="They did not answer in time. Choose another mentor: your recommendations "
                "are waiting.",
                url=reverse("matchmaking:choose", args=[request.program_id]),
                act=_expiry(request.pk, run.now),
            )
