"""Launch announcements: tell a program's eligible audience that enrolment is open, in-app
and by email, optionally quoting a published success story (``announcement_stories``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core.audit import record_audit
from tandem.core.errors import ConflictError, NotAllowed
from tandem.engagement.services import notify, post_to_channels
from tandem.people.models import Person

from . import permissions, selectors
from .announcement_stories import STORY_QUOTE_START, StoryQuote, quote_story
from .models import Program, ProgramAnnouncement

ANNOUNCE_REFUSED = "Only org admins and this program's managers can change it."
ANNOUNCE_NOT_ENROLLING = "Announce a program when its enrolment is open (status: {status})."
ALREADY_ANNOUNCED = (
    "This program was already announced on {date} to {count} people. "
    "Send it again explicitly (resend) if you really mean to."
)
NO_AUDIENCE = "Nobody eligible is left to tell: everyone eligible has already applied."


def announcement_text(
    program: Program, message: str, quote: StoryQuote | None = None
) -> tuple[str, str, str]:
    url = reverse("programs:enrol", kwargs={"program_id": program.pk})
    dates = ""
    if program.enrollment_closes:
        dates = f"Applications are open until {program.enrollment_closes:%d %B %Y}."
    if program.starts_on:
        dates += f" The program starts on {program.starts_on:%d %B %Y}."
    parts = [
        message.strip(),
        program.purpose.strip(),
        dates.strip(),
        quote.as_text() if quote else "",
        "Read more and apply on Tandem.",
    ]
    return f"Now enrolling: {program.name}", "\n\n".join(p for p in parts if p), url


@transaction.atomic
def announce_program(
    *,
    actor: Any,
    program: Program,
    message: str = "",
    resend: bool = False,
    story_id: int | None = None,
) -> ProgramAnnouncement:
    """Tell the eligible audience (not yet enrolled) that enrolment is open: in-app + email.

    Sent once per opening of enrolment; sending again needs ``resend=True``. ``story_id``
    quotes a published success story of this program (or an earlier cycle of it).
    """
    if not permissions.can_announce_program(actor, program):
        raise NotAllowed(ANNOUNCE_REFUSED)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.ENROLLING:
        raise ConflictError(ANNOUNCE_NOT_ENROLLING.format(status=program.status))
    last = program.announcements.order_by("-created_at", "-id").first()
    opened = _enrolment_opened_at(program)
    if last and not resend and (opened is None or last.created_at >= opened):
        raise ConflictError(
            ALREADY_ANNOUNCED.format(date=f"{last.created_at:%d %B %Y}", count=last.recipient_count)
        )
    quote = quote_story(program, story_id) if story_id is not None else None
    audience = selectors.eligible_audience(program)
    if not audience:
        raise ConflictError(NO_AUDIENCE)
    title, body, url = announcement_text(program, message, quote)
    notify(recipients=audience, kind="program.announcement", title=title, body=body, url=url)
    post_to_channels(event="announcement", title=title, text=body[:500], url=url, program=program)
    announcement = ProgramAnnouncement.objects.create(
        program=program,
        sent_by=Person.objects.filter(user_id=actor.pk).first(),
        program_status=program.status,
        title=title,
        body=body,
        recipient_count=len(audience),
        story=quote.story if quote else None,
    )
    record_audit(
        actor=actor,
        action="program.announce",
        target=program,
        after={"recipients": len(audience), "resend": resend, "story_id": story_id},
    )
    return announcement


def _enrolment_opened_at(program: Program) -> dt.datetime | None:
    """When enrolment was last opened (from the audit log), so re-opening allows a new send."""
    from tandem.core.models import AuditLog

    entry = (
        AuditLog.objects.filter(
            action="program.status",
            target_type=program._meta.label,
            target_id=str(program.pk),
            after__status=Program.Status.ENROLLING,
        )
        .order_by("-at")
        .first()
    )
    return entry.at if entry else None


def unquote_stories(story_ids: list[int]) -> int:
    """Take the quotes of these stories out of the recorded announcements (a member of the
    story's relationship was erased); returns how many announcements changed."""
    changed = 0
    rows = ProgramAnnouncement.objects.filter(story_id__in=story_ids)
    for announcement in rows:
        marker = f"#story-{announcement.story_id}"
        parts = announcement.body.split("\n\n")
        kept = [p for p in parts if not (p.startswith(STORY_QUOTE_START) and p.endswith(marker))]
        announcement.body = "\n\n".join(kept)
        announcement.story = None
        announcement.save(update_fields=["body", "story", "updated_at"])
        changed += 1
    return changed
