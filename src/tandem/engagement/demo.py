"""Demo step of the engagement app (runs last): make the demo's notifications believable.

* today's nudges are evaluated, so the feeds, the health bands and the at-risk list are
  lived-in, and two at-risk pairs already have an intervention with a follow-up;
* every notification the other steps created "now" gets a time in the past weeks (in the
  order it was created) and a read state — older ones mostly read, recent ones mostly new;
  request notices were already moved with their requests (``matchmaking.demo_choice``);
* the demo sends no email: nothing it created waits in the email or chat outbox.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tandem.core import clock

from .models import Intervention, Notification, RelationshipWatch
from .models.notifications import Delivery
from .nudging.engine import evaluate

SPREAD_DAYS = 21
RECENT_DAYS = 2


def build(ctx: Any) -> None:
    now = clock.now()
    untouched = set(
        Notification.objects.filter(created_at__gte=now - dt.timedelta(hours=1)).values_list(
            "pk", flat=True
        )
    )
    report = evaluate(now=now)
    _intervene(ctx, now)
    _spread(ctx, now, untouched)
    Notification.objects.filter(email_state=Delivery.PENDING).update(email_state=Delivery.NONE)
    Notification.objects.filter(chat_state=Delivery.PENDING).update(chat_state=Delivery.NONE)
    ctx.say(f"Nudges of the day: {sum(report.sent.values())} ({len(report.sent)} rules)")


def _spread(ctx: Any, now: dt.datetime, older: set[int]) -> None:
    rng = ctx.rng
    rows = list(Notification.objects.filter(pk__in=older).order_by("pk"))
    moments = sorted(
        now - dt.timedelta(days=rng.uniform(0.1, SPREAD_DAYS), minutes=rng.randint(0, 59))
        for _ in rows
    )
    for row, moment in zip(rows, moments, strict=True):
        row.created_at = moment
        recent = now - moment < dt.timedelta(days=RECENT_DAYS)
        seen = rng.random() < (0.3 if recent else 0.85)
        row.read_at = moment + dt.timedelta(hours=rng.randint(1, 20)) if seen else None
        if row.read_at and row.read_at > now:
            row.read_at = now
    Notification.objects.bulk_update(rows, ["created_at", "read_at"], batch_size=500)
    today = list(Notification.objects.filter(kind__startswith="nudge.").exclude(pk__in=older))
    for row in today:  # today's nudges went out at eight this morning (UTC), unread
        row.created_at = min(now, now.replace(hour=8, minute=rng.randint(0, 30)))
    Notification.objects.bulk_update(today, ["created_at"], batch_size=500)


def _intervene(ctx: Any, now: dt.datetime) -> None:
    from .interventions import record_intervention

    program = ctx.programs.get("active")
    manager = ctx.logins.get("manager")
    if program is None or manager is None or manager.user is None:
        return
    watches = list(
        RelationshipWatch.objects.filter(
            relationship__program=program, band__in=["at_risk", "watch"]
        )
        .select_related("relationship__program")
        .order_by("health", "relationship_id")
    )
    for watch in watches:
        watch.since = now.date() - dt.timedelta(days=ctx.rng.randint(4, 18))
    RelationshipWatch.objects.bulk_update(watches, ["since"])
    for watch in [w for w in watches if w.band == "at_risk"][:2]:
        item = record_intervention(
            actor=manager.user,
            relationship=watch.relationship,
            data={
                "action": "nudge",
                "note": "No meeting since the kick-off; checking in before suggesting a rematch.",
                "follow_up_on": now.date() + dt.timedelta(days=3),
            },
        )
        Intervention.objects.filter(pk=item.pk).update(created_at=now - dt.timedelta(days=3))
