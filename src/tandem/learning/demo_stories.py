"""Demo step (after the completed earlier cycle): a published success story about one of its
completed pairs, and the launch announcement of today's enrolling cycle that quotes it.

The enrolling "Cross-functional exchange" is the next cycle of the completed one
(``programs.demo_completed`` links them), so the story may launch it. The announcement is
in-app only, like the demo's other announcements (no email from the demo)."""

from __future__ import annotations

from typing import Any

from tandem.core import clock
from tandem.engagement.services import notify
from tandem.programs.announcement_stories import quote_story
from tandem.programs.announcements import announcement_text
from tandem.programs.models import ProgramAnnouncement
from tandem.programs.selectors import eligible_audience_query
from tandem.relationships.models import Relationship

from .models import SuccessStory

TITLE = "Two departments, one launch plan"
BODY = (
    "{mentee} came from customer support wanting to understand how product decisions are "
    "made. {mentor}, from finance, opened every budget review to them for six months; "
    "together they rewrote the support team's launch checklist around the numbers finance "
    "actually watches.\n\n"
    "By the end of the cycle {mentee} presented the checklist to both departments, and it "
    "is now how every launch starts."
)


def _pair(program: Any) -> Relationship | None:
    return (
        Relationship.objects.filter(program=program, status=Relationship.Status.COMPLETED)
        .prefetch_related("members__participant__person")
        .order_by("pk")
        .first()
    )


def _story(ctx: Any, relationship: Relationship) -> SuccessStory:
    people = {m.role: m.participant.person for m in relationship.members.all()}
    mentor, mentee = people.get("mentor"), people.get("mentee")
    story = SuccessStory.objects.create(
        relationship=relationship,
        title=TITLE,
        body=BODY.format(
            mentee=mentee.full_name if mentee else "The mentee",
            mentor=mentor.full_name if mentor else "their mentor",
        ),
        written_by=ctx.logins.get("manager"),
        published_at=clock.now(),
    )
    story.consented_by.set([p for p in (mentor, mentee) if p])
    return story


def build(ctx: Any) -> None:
    completed, enrolling = ctx.programs.get("completed"), ctx.programs.get("enrolling")
    if completed is None or enrolling is None or "manager" not in ctx.logins:
        return
    if SuccessStory.objects.filter(relationship__program=completed).exists():
        return
    relationship = _pair(completed)
    if relationship is None:
        return
    story = _story(ctx, relationship)
    enrolling.refresh_from_db()
    quote = quote_story(enrolling, story.pk)
    title, body, url = announcement_text(
        enrolling, "Last cycle's pairs changed how two departments work together.", quote
    )
    # The demo's people (not the thousands of colleagues the completed cycle adds).
    audience = list(eligible_audience_query(enrolling).filter(pk__in=[p.pk for p in ctx.people]))
    notify(
        recipients=audience,
        kind="program.announcement",
        title=title,
        body=body,
        url=url,
        email=False,
    )
    ProgramAnnouncement.objects.create(
        program=enrolling,
        sent_by=ctx.logins["manager"],
        program_status=enrolling.status,
        title=title,
        body=body,
        recipient_count=len(audience),
        story=story,
    )
    ctx.say(f"  success story of the completed cycle, quoted in {enrolling.name}'s announcement")
