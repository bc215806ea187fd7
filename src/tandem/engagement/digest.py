"""The daily and weekly digest: one email per person on their day and hour, in their zone.

It lists upcoming meetings (in the person's time), goals and milestones due or overdue,
requests waiting for them (mentors) and applications waiting (program managers), what
changed (the messages held for the digest, and how many others arrived), and each
relationship's week of curriculum. A digest is a ``Notification`` of kind ``digest.weekly``
(or ``digest.daily``) that is not shown in the feed and is sent through the email outbox; a
``NudgeLog`` row per person and period makes it exactly once. Empty digests are not sent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from tandem.core import clock
from tandem.matchmaking.models import MatchRequest
from tandem.people.models import Person
from tandem.programs.models import Participant, Program
from tandem.relationships import selectors as relationship_selectors
from tandem.relationships.models import Goal, Meeting, Milestone, Relationship, RelationshipMember

from . import preferences
from .mailer import absolute
from .models import Notification, NudgeLog
from .models.notifications import Delivery
from .timefmt import format_time, local, zone_of

OPEN = (Relationship.Status.PENDING, Relationship.Status.ACTIVE, Relationship.Status.PAUSED)
BATCH = 500
DEFAULT_DAY, DEFAULT_HOUR = 0, 8


def _period(kind: str, person: Person, now: dt.datetime) -> str:
    here = local(now, person.time_zone)
    if kind == "daily":
        return here.date().isoformat()
    year, week, _ = here.date().isocalendar()
    return f"{year}-W{week:02d}"


def due_people(now: dt.datetime) -> list[tuple[Person, str]]:
    """Who gets a digest in the hour of ``now``, and which one (daily / weekly)."""
    zones = Person.objects.exclude(email="").values_list("time_zone", flat=True).distinct()
    weekly, daily = Q(pk__in=[]), Q(pk__in=[])
    for zone in zones:
        here = now.astimezone(zone_of(zone))
        day, hour = here.weekday(), here.hour
        weekly |= Q(time_zone=zone) & (
            Q(
                notification_preference__digest__in=["weekly", "immediate"],
                notification_preference__digest_day=day,
                notification_preference__digest_hour=hour,
            )
            | (
                Q(notification_preference__isnull=True)
                & (
                    Q(pk__isnull=False)
                    if (day, hour) == (DEFAULT_DAY, DEFAULT_HOUR)
                    else Q(pk__in=[])
                )
            )
        )
        daily |= Q(time_zone=zone) & Q(
            notification_preference__digest="daily", notification_preference__digest_hour=hour
        )
    found = [(p, "weekly") for p in Person.objects.filter(weekly)]
    found += [(p, "daily") for p in Person.objects.filter(daily)]
    return found


def _by_person(rows: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for person_id, item in rows:
        found[person_id].append(item)
    return found


def _contexts(people: list[tuple[Person, str]], now: dt.datetime) -> dict[int, dict[str, Any]]:
    """Every person's digest content, in a fixed number of queries for the whole batch."""
    ids = [p.pk for p, _ in people]
    today = now.date()
    memberships = list(
        RelationshipMember.objects.filter(
            participant__person_id__in=ids, relationship__status__in=OPEN
        ).select_related("relationship__program")
    )
    person_of = {m.relationship_id: [] for m in memberships}  # type: dict[int, list[int]]
    for m in memberships:
        person_of[m.relationship_id].append(m.participant.person_id)
    others = _by_person(
        (m.relationship_id, m.participant.person.full_name)
        for m in RelationshipMember.objects.filter(
            relationship_id__in=list(person_of)
        ).select_related("participant__person")
    )
    horizon = now + dt.timedelta(days=8)
    meetings = Meeting.objects.filter(
        relationship_id__in=list(person_of),
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=now,
        starts_at__lte=horizon,
    ).order_by("starts_at")
    goals = Goal.objects.filter(
        relationship_id__in=list(person_of),
        status__in=[Goal.Status.ACTIVE, Goal.Status.DRAFT],
        due_on__lte=today + dt.timedelta(days=7),
    )
    milestones = Milestone.objects.filter(
        goal__relationship_id__in=list(person_of),
        completed_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=7),
    ).select_related("goal")
    requests = _by_person(
        MatchRequest.objects.filter(mentor__person_id__in=ids, status="pending")
        .select_related("mentee__person")
        .values_list("mentor__person_id", "mentee__person__full_name")
    )
    through: Any = Program.managers.through
    managed = _by_person(
        through.objects.filter(person_id__in=ids).values_list("person_id", "program_id")
    )
    applied_counts: dict[int, int] = defaultdict(int)
    for program_id in Participant.objects.filter(
        program_id__in={pid for pids in managed.values() for pid in pids}, status="applied"
    ).values_list("program_id", flat=True):
        applied_counts[program_id] += 1
    held = _by_person(
        (n.recipient_id, n)
        for n in Notification.objects.filter(
            recipient_id__in=ids, email_state=Delivery.HELD
        ).order_by("created_at")
    )
    due_items: list[tuple[Any, str, int, int]] = [
        *((g, "Goal", g.relationship_id, g.pk) for g in goals),
        *((m, "Milestone", m.goal.relationship_id, m.goal_id) for m in milestones),
    ]
    contexts: dict[int, dict[str, Any]] = {}
    for person, kind in people:
        zone = person.time_zone
        window = dt.timedelta(days=1 if kind == "daily" else 7)
        mine = {rid for rid, pids in person_of.items() if person.pk in pids}
        rels = {m.relationship_id: m.relationship for m in memberships if m.relationship_id in mine}
        ctx = {
            "period": "today" if kind == "daily" else "this week",
            "kind": kind,
            "meetings": [
                {
                    "when": format_time(m.starts_at, zone, "weekday"),
                    "with": " & ".join(
                        n for n in others[m.relationship_id] if n != person.full_name
                    ),
                    "url": absolute(f"/relationships/meetings/{m.pk}/"),
                }
                for m in meetings
                if m.relationship_id in mine and m.starts_at <= now + window
            ],
            "due": [
                {
                    "title": item.title,
                    "kind": label,
                    "when": format_time(item.due_on, zone),
                    "overdue": item.due_on < today,
                    "url": absolute(f"/relationships/goals/{goal_id}/"),
                }
                for item, label, rid, goal_id in due_items
                if rid in mine and item.due_on is not None
            ],
            "requests": requests.get(person.pk, []),
            "applications": sum(applied_counts[pid] for pid in managed.get(person.pk, [])),
            "changes": [
                {"title": n.title, "when": format_time(n.created_at, zone), "url": absolute(n.url)}
                for n in held.get(person.pk, [])
            ],
            "curriculum": _curriculum(rels.values(), today),
            "inbox_url": absolute("/matchmaking/requests/"),
            "feed_url": absolute("/notifications/"),
        }
        ctx["held_ids"] = [n.pk for n in held.get(person.pk, [])]
        contexts[person.pk] = ctx
    return contexts


def _curriculum(relationships: Iterable[Relationship], today: dt.date) -> list[dict[str, Any]]:
    """This week's topic per program (one line even for a mentor of several pairs)."""
    found: dict[tuple[str, int, str], dict[str, Any]] = {}
    for r in relationships:
        week = relationship_selectors.curriculum_for_week(r, today)
        if week is not None and week.topic:
            key = (r.program.name, week.week, week.topic)
            found.setdefault(key, {"program": key[0], "week": key[1], "topic": key[2]})
    return list(found.values())


def _empty(ctx: dict[str, Any]) -> bool:
    return not any(ctx[k] for k in ("meetings", "due", "requests", "applications", "changes"))


def _title(kind: str, person: Person, now: dt.datetime) -> str:
    here = local(now, person.time_zone)
    if kind == "daily":
        return f"Your Tandem day: {here:%A} {here.day} {here:%B}"
    return f"Your Tandem week from {here:%A} {here.day} {here:%B}"


def send_digests(
    now: dt.datetime | None = None, people: list[tuple[Person, str]] | None = None
) -> int:
    """Queue the digests due in this hour (or for ``people``); returns how many were queued."""
    now = now or clock.now()
    people = due_people(now) if people is None else people
    queued = 0
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        contexts = _contexts(batch, now)
        prefs = preferences.preferences_for([p for p, _ in batch])
        for person, kind in batch:
            ctx = contexts[person.pk]
            if _empty(ctx):
                continue
            plan = preferences.plan_delivery(prefs[person.pk], person, f"digest.{kind}", now)
            if plan.email_state == Delivery.NONE:
                continue
            queued += _queue(person, kind, ctx, plan, now)
    return queued


def _queue(person: Person, kind: str, ctx: dict[str, Any], plan: Any, now: dt.datetime) -> int:
    held_ids = ctx.pop("held_ids")
    try:
        with transaction.atomic():
            NudgeLog.objects.create(
                rule=f"digest_{kind}",
                subject_type="people.person",
                subject_id=person.pk,
                occurrence=_period(kind, person, now),
                recipients=1,
                as_of=now.date(),
            )
            note = Notification.objects.create(
                recipient=person,
                kind=f"digest.{kind}",
                title=_title(kind, person, now),
                in_app=False,
                email_state=Delivery.PENDING,
                email_after=plan.email_after,
                email_template="engagement/email/digest",
                email_context=ctx,
                url="/notifications/",
            )
            Notification.objects.filter(pk__in=held_ids).update(email_state=Delivery.DIGESTED)
            if plan.email_after <= now:
                transaction.on_commit(lambda: _enqueue(note.pk))
    except IntegrityError:
        return 0  # this period's digest went out already
    return 1


def _enqueue(note_id: int) -> None:
    from .tasks import deliver_notifications

    deliver_notifications([note_id])


def preview(person: Person, kind: str = "weekly", now: dt.datetime | None = None) -> dict[str, Any]:
    """The digest a person would get now (for tests, the CLI and the settings page)."""
    now = now or clock.now()
    ctx = _contexts([(person, kind)], now)[person.pk]
    ctx.pop("held_ids")
    return ctx


__all__ = ["due_people", "preview", "send_digests"]
