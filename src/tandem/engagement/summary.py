"""The weekly program summary posted to chat channels: figures only, never names or content."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from tandem.core import clock
from tandem.programs.models import Participant, Program
from tandem.relationships.models import Celebration, Meeting, Relationship

from .chat import post_to_channels
from .models import ChatChannel


def summary_text(program: Program, now: dt.datetime) -> str:
    week_ago = now - dt.timedelta(days=7)
    counts = Relationship.objects.filter(program=program).aggregate(
        active=Count("pk", filter=Q(status=Relationship.Status.ACTIVE)),
        new=Count("pk", filter=Q(created_at__gte=week_ago)),
    )
    held = Meeting.objects.filter(
        relationship__program=program,
        status=Meeting.Status.HELD,
        starts_at__gte=week_ago,
        starts_at__lte=now,
    ).count()
    celebrated = Celebration.objects.filter(program=program, created_at__gte=week_ago).count()
    joined = Participant.objects.filter(program=program, created_at__gte=week_ago).count()
    return (
        f"{counts['active']} active relationships ({counts['new']} new this week), "
        f"{held} meetings held, {celebrated} milestones and goals celebrated, "
        f"{joined} new participants."
    )


def post_weekly_summaries(now: dt.datetime | None = None) -> int:
    now = now or clock.now()
    subscribed = {
        c.program_id
        for c in ChatChannel.objects.filter(enabled=True)
        if "weekly_summary" in c.events
    }
    programs = Program.objects.filter(status=Program.Status.ACTIVE)
    if None not in subscribed:
        programs = programs.filter(pk__in=[pk for pk in subscribed if pk is not None])
    posted = 0
    for program in programs:
        with transaction.atomic():
            posted += len(
                post_to_channels(
                    event="weekly_summary",
                    title=f"{program.name}: the week in mentoring",
                    text=summary_text(program, now),
                    url=reverse("programs:detail", args=[program.pk]),
                    program=program,
                )
            )
    return posted
