"""Demo: mentee choice in the flash-mentoring program (``ctx.programs["choice"]``).

Every request goes through ``tandem.matchmaking.choice`` as the people themselves would send
and answer it, so scores, reasons, notifications and relationships are the real ones:

- the demo mentee bookmarked a mentor and had a request declined: the choose page shows
  ranked mentors with reasons, and they can send a new request;
- the demo mentor has two requests waiting in the inbox, from the mentees they fit best,
  and declined a third;
- other mentees: three requests accepted (each now a pending relationship), two declined,
  one withdrawn, two waiting for an answer.

Then each request is moved a few days into the past (sent, answered a day or two later).
People who act get an account without a password, as if they signed in through SSO. The
step draws from a random generator of its own (the seed, "choice"), so it changes nothing
that other steps draw.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from itertools import cycle
from typing import Any

from tandem.accounts.models import User
from tandem.people.models import Person
from tandem.programs.models import Participant, Program

from . import choice
from .choice import Recommendation
from .models import MatchRequest

# What happens to the requests of the other mentees, in this order.
OUTCOMES = ["accepted"] * 3 + ["declined"] * 2 + ["withdrawn"] + ["pending"] * 2
# The requests to the demo mentor, from the mentees they fit best: the weakest fit declined.
TO_DEMO_MENTOR = ["pending", "pending", "declined"]
MESSAGES = [
    "I have a customer presentation next week and would love 45 minutes on how to structure it.",
    "Could we talk about moving from individual work to leading a small project?",
    "I am stuck on prioritising a backlog with three stakeholders who all say 'urgent'.",
    "I would like your view on a career move towards your area.",
    "Your talk at the all-hands stayed with me — could I ask you about giving feedback upwards?",
    "",
]
# Notes with a decline: the first is the demo mentee's, the others go round for the rest.
NOTES = [
    "I am travelling for most of this cycle; please ask someone else, and ask me again later.",
    "I am not the right person for this one — someone closer to your area will help more.",
    "",
    "My flash slots are taken this month, sorry! Try again in the next cycle.",
]


def build_choice(ctx: Any, program: Program) -> str:
    """Requests in every state for the choice program; returns a line for the demo output."""
    rng = random.Random(f"{ctx.seed}:choice")
    participants = Participant.objects.filter(program=program).select_related("person__user")
    mentees = [p for p in participants.order_by("id") if p.role == Participant.Role.MENTEE]
    mentors = [p for p in participants if p.role == Participant.Role.MENTOR]
    demo_mentor, demo_mentee = _of(ctx, "mentor", mentors), _of(ctx, "mentee", mentees)
    others = [m for m in mentees if m != demo_mentee]
    rng.shuffle(others)
    cast = others[: len(TO_DEMO_MENTOR) + len(OUTCOMES)]
    ranked = {m.pk: choice.recommend_mentors(program=program, mentee=m) for m in cast}
    seats = {r.mentor.pk: r.free for mine in ranked.values() for r in mine}
    askers = _best_fits(cast, ranked, demo_mentor)
    rest = [m for m in cast if m not in askers]
    script = [*zip(askers, TO_DEMO_MENTOR, strict=False), *zip(rest, OUTCOMES, strict=False)]
    messages = cycle(rng.sample(MESSAGES, len(MESSAGES)))  # no two in a row alike
    notes = cycle(NOTES[1:])
    sent: list[MatchRequest] = []
    for mentee, outcome in script:
        mentor = demo_mentor if mentee in askers else _free(ranked[mentee.pk], seats, demo_mentor)
        if mentor is None:
            continue
        note = next(notes) if outcome == "declined" else ""
        sent.append(_ask(program, mentee, mentor, outcome, message=next(messages), note=note))
        if outcome == "accepted":
            seats[mentor.pk] -= 1
    if demo_mentee is not None:
        sent += _demo_mentee(program, demo_mentee, demo_mentor, next(messages))
    _backdate(rng, sent)
    counts = Counter(MatchRequest.objects.filter(program=program).values_list("status", flat=True))
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{sum(counts.values())} requests in “{program.name}” ({summary})"


def _of(ctx: Any, login: str, participants: list[Participant]) -> Participant | None:
    person = ctx.logins.get(login)
    return next((p for p in participants if person and p.person_id == person.pk), None)


def _best_fits(
    cast: list[Participant], ranked: dict[int, list[Recommendation]], mentor: Participant | None
) -> list[Participant]:
    """The mentees the mentor fits best (of those who may ask them), best first."""
    score = {mentee.pk: r.score for mentee in cast for r in ranked[mentee.pk] if r.mentor == mentor}
    fits = sorted((m for m in cast if m.pk in score), key=lambda m: -score[m.pk])
    return fits[: len(TO_DEMO_MENTOR)]


def _free(
    mine: list[Recommendation], seats: dict[int, int], but: Participant | None
) -> Participant | None:
    """The best recommended mentor with a seat left, other than ``but``."""
    return next((r.mentor for r in mine if r.mentor != but and seats[r.mentor.pk] > 0), None)


def _demo_mentee(
    program: Program, mentee: Participant, demo_mentor: Participant | None, message: str
) -> list[MatchRequest]:
    """Their first choice declined, their second bookmarked: they can ask again."""
    ranked = [
        r.mentor
        for r in choice.recommend_mentors(program=program, mentee=mentee, limit=6)
        if r.mentor != demo_mentor  # they have the demo mentor in another program already
    ]
    if len(ranked) > 1:
        choice.toggle_bookmark(actor=_account(mentee.person), program=program, mentor=ranked[1])
    if not ranked:
        return []
    return [_ask(program, mentee, ranked[0], "declined", message=message, note=NOTES[0])]


def _ask(
    program: Program,
    mentee: Participant,
    mentor: Participant,
    outcome: str,
    *,
    message: str,
    note: str = "",
) -> MatchRequest:
    """The mentee sends a request; the mentor accepts or declines it, or the mentee withdraws."""
    request = choice.request_mentor(
        actor=_account(mentee.person), program=program, mentor=mentor, message=message
    )
    if outcome == "accepted":
        request = choice.accept_match_request(actor=_account(mentor.person), request=request)
    elif outcome == "declined":
        mentor_user = _account(mentor.person)
        request = choice.decline_match_request(actor=mentor_user, request=request, note=note)
    elif outcome == "withdrawn":
        request = choice.withdraw_match_request(actor=_account(mentee.person), request=request)
    return request


def _account(person: Person) -> User:
    """The person's login; one without a password (SSO-style) when they have none yet."""
    if person.user is None:  # this copy may predate the account made through another copy
        person.refresh_from_db(fields=["user"])
    if person.user is None:
        person.user = User.objects.create_user(
            person.email, None, first_name=person.full_name.split()[0]
        )
        person.save(update_fields=["user", "updated_at"])
    return person.user


def _backdate(rng: random.Random, requests: list[MatchRequest]) -> None:
    """Sent 1–3 days ago when still waiting, 4–9 days ago (answered 1–2 days later) otherwise."""
    for request in requests:
        waiting = request.status == MatchRequest.Status.PENDING
        shift = dt.timedelta(days=rng.randint(1, 3) if waiting else rng.randint(4, 9))
        shift += dt.timedelta(hours=rng.randint(0, 8))
        fields: dict[str, Any] = {
            "created_at": request.created_at - shift,
            "expires_at": request.expires_at - shift,
        }
        if request.answered_at is not None:
            later = dt.timedelta(days=rng.randint(1, 2), hours=rng.randint(0, 6))
            fields["answered_at"] = request.created_at - shift + later
        MatchRequest.objects.filter(pk=request.pk).update(**fields)
        _backdate_notice(
            MatchRequest.objects.select_related("program", "mentee__person", "mentor__person").get(
                pk=request.pk
            )
        )


def _backdate_notice(request: MatchRequest) -> None:
    """The mentor's notice moves with the request: sent then, the deadline it states is the
    one the inbox shows, read once the request was answered."""
    from tandem.engagement.services import backdate_notifications

    _, body = choice.request_notice(request)
    backdate_notifications(
        subject=request,
        kind="match.request",
        recipient=request.mentor.person,
        created_at=request.created_at,
        read_at=request.answered_at,
        body=body,
        times={"deadline": request.expires_at},
    )
    if request.answered_at is not None:  # the mentee's answer, read a few hours later
        backdate_notifications(
            subject=request,
            kind="match.request",
            recipient=request.mentee.person,
            created_at=request.answered_at,
            read_at=request.answered_at + dt.timedelta(hours=3),
        )
