"""Mentee choice and hybrid modes: recommendations, bookmarks and match requests.

A mentee sees ranked mentors with reasons and free capacity, bookmarks or requests one; the
mentor accepts or declines before the program's deadline (``request_expiry_days``). The last
free seat cannot be taken twice: acceptance locks the mentor's participant row
(``select_for_update``) and counts the open relationships in the same transaction. On SQLite
the ``IMMEDIATE`` transactions serialise writers the same way.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.matching.explain import explain_pairs
from tandem.programs.models import Participant, Program

from . import permissions, translate
from .models import Bookmark, MatchRequest, MatchRun

NOT_A_MENTEE = "Only approved mentees of this program can choose a mentor."
ADMIN_MODE = "In this program the program managers match people; there is nothing to request."
NOT_APPROVED = "Your enrolment is {status}; you can request a mentor once you are approved."
ALREADY_MATCHED = "You already have a mentor in this program."
NOT_A_MENTOR = "Choose an approved mentor of this program."
CANNOT_PAIR = "You cannot request this mentor: {rules}."
MENTOR_FULL = "{name} has no free seat left; choose another mentor."
ONE_PENDING = "You already have a request waiting for an answer; withdraw it to ask someone else."
MESSAGE_TOO_LONG = "Keep the message under 2,000 characters."
NOT_PENDING = "This request is already {status}."
EXPIRED = "This request expired on {date}; the mentee can choose again."
MENTEE_TAKEN = "{name} already has a mentor in this program."
NO_SEAT = "You have no free seat left (capacity {capacity}); decline or raise your capacity."
ADDRESSEE_ONLY = "Only the mentor this request is addressed to can answer it."
REQUESTER_ONLY = "Only the mentee who sent this request can withdraw it."
FULL_NOTE = "All of this mentor's seats are now taken."
BUSY = "Someone else is answering at the same moment; try again."
LOCK_RETRIES = 25


# --- recommendations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    mentor: Participant
    score: float
    reasons: list[dict[str, Any]]
    free: int
    bookmarked: bool
    below_minimum: bool


def _mentors(program: Program) -> list[Participant]:
    return list(
        Participant.objects.filter(
            program=program, role=Participant.Role.MENTOR, status__in=translate.MENTOR_STATUSES
        )
        .select_related("person__profile")
        .order_by("id")
    )


def _mentee_cohort(
    program: Program, mentee: Participant, mentors: list[Participant]
) -> translate.Cohort:
    mine = {(a, b) for a, b in translate.requested_pairs(program) if a == mentee.pk}
    return translate.build_cohort(
        program,
        [mentee],
        mentors,
        kind="pair",
        weights=translate.program_weights(program),
        forbidden=translate.forbidden_pairs(program),
        requested=mine,
        text_corpus=translate.cohort_texts(program, MatchRun.Kind.PAIR, [mentee], mentors),
    )


def recommend_mentors(
    *, program: Program, mentee: Participant, limit: int | None = None
) -> list[Recommendation]:
    """Mentors ranked by score for one mentee, with reasons and free seats; full mentors and
    forbidden pairs (management chain, rematch exclusions, level rules) are left out."""
    mentors = _mentors(program)
    if not mentors:
        return []
    cohort = _mentee_cohort(program, mentee, mentors)
    # One mentee: the float64 definition, so ranks and "below the minimum" agree exactly
    # with the scores shown in the reasons.
    row = cohort.scores.reference_rows(np.array([0]))[0]
    free = cohort.capacities
    order = [
        j
        for j in np.argsort(-np.nan_to_num(row, nan=-1.0), kind="stable").tolist()
        if not np.isnan(row[j]) and free[j] > 0
    ]
    if limit is not None:
        order = order[:limit]
    explanations = explain_pairs(cohort.scores, [0] * len(order), order) if order else []
    marked = set(Bookmark.objects.filter(mentee=mentee).values_list("mentor_id", flat=True))
    return [
        Recommendation(
            mentor=cohort.mentors[j],
            score=round(float(row[j]), 4),
            reasons=translate.reasons_of(e),
            free=int(free[j]),
            bookmarked=cohort.mentors[j].pk in marked,
            below_minimum=float(row[j]) < cohort.min_score,
        )
        for j, e in zip(order, explanations, strict=True)
    ]


# --- bookmarks -----------------------------------------------------------------------------


def _require_mentee(actor: Any, program: Program) -> Participant:
    mentee = permissions.mentee_participant(actor, program)
    if mentee is None:
        raise NotAllowed(NOT_A_MENTEE)
    if program.matching_mode == Program.MatchingMode.ADMIN:
        raise DomainError(ADMIN_MODE)
    return mentee


def _check_mentor(program: Program, mentor: Participant) -> None:
    if (
        mentor.program_id != program.pk
        or mentor.role != Participant.Role.MENTOR
        or mentor.status not in translate.MENTOR_STATUSES
    ):
        raise DomainError(NOT_A_MENTOR, field="mentor_participant_id")


@transaction.atomic
def toggle_bookmark(*, actor: Any, program: Program, mentor: Participant) -> bool:
    """Bookmark a mentor, or remove the bookmark; True when the mentor is now bookmarked."""
    mentee = _require_mentee(actor, program)
    _check_mentor(program, mentor)
    deleted, _ = Bookmark.objects.filter(mentee=mentee, mentor=mentor).delete()
    if deleted:
        return False
    Bookmark.objects.create(mentee=mentee, mentor=mentor)
    return True


# --- requests ------------------------------------------------------------------------------


def _notify(
    recipient: Any,
    title: str,
    body: str,
    url: str,
    *,
    request: MatchRequest | None = None,
    times: dict[str, dt.datetime] | None = None,
) -> None:
    from tandem.engagement.services import notify

    notify(
        recipients=[recipient],
        kind="match.request",
        title=title,
        body=body,
        url=url,
        subject=request,
        times=times,
    )


def _resolve(request: MatchRequest) -> None:
    """The mentor's "asked you" notice is read once the request is answered or over."""
    from tandem.engagement.services import resolve_notifications

    resolve_notifications(subject=request, kind="match.request")


@transaction.atomic
def request_mentor(
    *, actor: Any, program: Program, mentor: Participant, message: str = ""
) -> MatchRequest:
    """A mentee asks a mentor; the mentor has ``program.request_expiry_days`` to answer."""
    mentee = _require_mentee(actor, program)
    mentee = Participant.objects.select_for_update().select_related("person").get(pk=mentee.pk)
    if mentee.status == Participant.Status.MATCHED:
        raise ConflictError(ALREADY_MATCHED)
    if mentee.status != Participant.Status.APPROVED:
        raise DomainError(NOT_APPROVED.format(status=mentee.get_status_display().lower()))
    _check_mentor(program, mentor)
    if len(message) > 2000:
        raise DomainError(MESSAGE_TOO_LONG, field="message")
    cohort = _mentee_cohort(program, mentee, [mentor])
    rules = translate.forbidding_rules(cohort, mentee.pk, mentor.pk)
    if rules:
        raise DomainError(CANNOT_PAIR.format(rules=", ".join(rules)), field="mentor_participant_id")
    if int(cohort.capacities[0]) <= 0:
        raise ConflictError(MENTOR_FULL.format(name=mentor.person.full_name))
    if MatchRequest.objects.filter(mentee=mentee, status=MatchRequest.Status.PENDING).exists():
        raise ConflictError(ONE_PENDING)
    score, reasons = translate.explain_pair(cohort, mentee.pk, mentor.pk)
    try:
        with transaction.atomic():
            request = MatchRequest.objects.create(
                program=program,
                mentee=mentee,
                mentor=mentor,
                message=message.strip(),
                expires_at=clock.now() + dt.timedelta(days=program.request_expiry_days),
                score=score,
                reasons=reasons,
            )
    except IntegrityError:
        raise ConflictError(ONE_PENDING) from None
    title, body = request_notice(request)
    _notify(
        mentor.person,
        title,
        body,
        reverse("matchmaking:inbox"),
        request=request,
        times={"deadline": request.expires_at},
    )
    return request


def request_notice(request: MatchRequest) -> tuple[str, str]:
    """The mentor's notice of a request: title and body, ``{deadline}`` in their own zone."""
    mentee, message = request.mentee.person.full_name, request.message.strip()
    title = f"{mentee} asked you to be their mentor in {request.program.name}"
    return title, (message + "\n\n" if message else "") + "Please answer by {deadline}."


def _locked_pending(request: MatchRequest) -> MatchRequest:
    request = (
        MatchRequest.objects.select_for_update()
        .select_related("program", "mentee__person", "mentor__person")
        .get(pk=request.pk)
    )
    if request.status != MatchRequest.Status.PENDING:
        raise ConflictError(NOT_PENDING.format(status=request.get_status_display().lower()))
    return request


def accept_match_request(*, actor: Any, request: MatchRequest) -> MatchRequest:
    """The mentor accepts: a pending relationship is created if a seat is still free.

    Two acceptances racing for the last seat: PostgreSQL serialises them on the mentor's row
    lock; SQLite may report the database locked, so the attempt is retried briefly and the
    loser then sees the seat taken (409).
    """
    for attempt in range(LOCK_RETRIES):
        try:
            return _accept(actor=actor, request=request)
        except OperationalError as exc:
            if "locked" not in str(exc) or connection.in_atomic_block:
                raise
            if attempt == LOCK_RETRIES - 1:
                raise ConflictError(BUSY) from None
            time.sleep(0.02 * (attempt + 1))
    raise ConflictError(BUSY)  # pragma: no cover


@transaction.atomic
def _accept(*, actor: Any, request: MatchRequest) -> MatchRequest:
    from tandem.relationships.services import create_relationship

    if not permissions.can_answer_request(actor, request):
        raise NotAllowed(ADDRESSEE_ONLY)
    mentor = (
        Participant.objects.select_for_update().select_related("person").get(pk=request.mentor_id)
    )
    request = _locked_pending(request)
    if request.expires_at <= clock.now():
        raise ConflictError(EXPIRED.format(date=f"{request.expires_at:%d %b %Y}"))
    mentee = (
        Participant.objects.select_for_update().select_related("person").get(pk=request.mentee_id)
    )
    if mentee.status != Participant.Status.APPROVED:
        raise ConflictError(MENTEE_TAKEN.format(name=mentee.person.full_name))
    load = translate.open_loads([mentor.pk]).get(mentor.pk, 0)
    if load >= mentor.capacity:
        raise ConflictError(NO_SEAT.format(capacity=mentor.capacity))
    relationship = create_relationship(
        program=request.program,
        mentor=mentor,
        mentees=[mentee],
        kind="pair",
        actor=actor,
        match_score=request.score,
        match_reasons=request.reasons,
        notify=False,
        trusted=True,
    )
    request.status = MatchRequest.Status.ACCEPTED
    request.answered_at = clock.now()
    request.relationship_id = relationship.pk
    request.save(update_fields=["status", "answered_at", "relationship_id", "updated_at"])
    _resolve(request)
    _notify(
        mentee.person,
        f"{mentor.person.full_name} accepted your request in {request.program.name}",
        "Open your relationship and accept the mentoring agreement to get started.",
        reverse("relationships:detail", args=[relationship.pk]),
        request=request,
    )
    if load + 1 >= mentor.capacity:
        _decline_rest(mentor)
    return request


def _decline_rest(mentor: Participant) -> None:
    rest = list(
        MatchRequest.objects.filter(
            mentor=mentor, status=MatchRequest.Status.PENDING
        ).select_related("mentee__person", "program")
    )
    now = clock.now()
    MatchRequest.objects.filter(pk__in=[r.pk for r in rest]).update(
        status=MatchRequest.Status.DECLINED, answered_at=now, answer_note=FULL_NOTE, updated_at=now
    )
    for r in rest:
        _resolve(r)
        _notify(
            r.mentee.person,
            f"{mentor.person.full_name} has no free seat any more",
            "Choose another mentor: your recommendations are waiting.",
            reverse("matchmaking:choose", args=[r.program_id]),
            request=r,
        )


@transaction.atomic
def decline_match_request(*, actor: Any, request: MatchRequest, note: str = "") -> MatchRequest:
    """The mentor declines; the mentee is told and can choose again."""
    if not permissions.can_answer_request(actor, request):
        raise NotAllowed(ADDRESSEE_ONLY)
    request = _locked_pending(request)
    request.status = MatchRequest.Status.DECLINED
    request.answered_at = clock.now()
    request.answer_note = note.strip()[:500]
    request.save(update_fields=["status", "answered_at", "answer_note", "updated_at"])
    _resolve(request)
    _notify(
        request.mentee.person,
        f"{request.mentor.person.full_name} declined your request",
        (f"“{request.answer_note}”\n\n" if request.answer_note else "")
        + "Choose another mentor: your recommendations are waiting.",
        reverse("matchmaking:choose", args=[request.program_id]),
        request=request,
    )
    return request


@transaction.atomic
def withdraw_match_request(*, actor: Any, request: MatchRequest) -> MatchRequest:
    if not permissions.can_withdraw_request(actor, request):
        raise NotAllowed(REQUESTER_ONLY)
    request = _locked_pending(request)
    request.status = MatchRequest.Status.WITHDRAWN
    request.answered_at = clock.now()
    request.save(update_fields=["status", "answered_at", "updated_at"])
    _resolve(request)
    return request


def expire_match_request(*, request_id: int, now: dt.datetime) -> bool:
    """Expire one pending request past its deadline; True when it was still pending.

    Run by the engagement app's ``request_expired`` nudge rule, which tells the mentee."""
    expired = MatchRequest.objects.filter(
        pk=request_id, status=MatchRequest.Status.PENDING, expires_at__lte=now
    ).update(status=MatchRequest.Status.EXPIRED, answered_at=now, updated_at=now)
    if expired:
        _resolve(MatchRequest(pk=request_id))
    return bool(expired)
