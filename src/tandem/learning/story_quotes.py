"""The learning app's ``programs.announcement_stories.StorySource``: which published success
stories a program's announcement may quote, and the quote (title, first paragraph, link)."""

from __future__ import annotations

import html

import nh3
from django.conf import settings
from django.urls import reverse

from tandem.core.errors import DomainError
from tandem.programs.announcement_stories import StoryQuote, StorySource
from tandem.programs.models import Program

from .models import SuccessStory
from .rendering import render_markdown

UNKNOWN_STORY = "No success story has id {id}."
OTHER_PROGRAM_STORY = (
    "That story is about a relationship of another program: quote a story of this program "
    "or of one of its earlier cycles."
)
NOT_PUBLISHED = (
    "That story is not published: every member of its relationship must agree first "
    "(or one of them withdrew their consent)."
)
MAX_CYCLES = 50
QUOTE_LENGTH = 600


def _program_ids(program: Program) -> set[int]:
    """The program and its earlier cycles: last cycle's story may launch the next one."""
    ids, current = {program.pk}, program
    while current.previous_cycle_id and len(ids) < MAX_CYCLES:
        ids.add(current.previous_cycle_id)
        current = Program.objects.only("previous_cycle_id").get(pk=current.previous_cycle_id)
    return ids


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph of a Markdown text as plain text (no markup)."""
    block = next((b for b in markdown_text.split("\n\n") if b.strip()), "")
    text = html.unescape(nh3.clean(str(render_markdown(block)), tags=set()))
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def _url(story: SuccessStory) -> str:
    base = str(getattr(settings, "TANDEM_BASE_URL", "")).rstrip("/")
    path = reverse("programs:detail", args=[story.relationship.program_id])
    return f"{base}{path}#story-{story.pk}"


def quote(program: Program, story_id: int) -> StoryQuote:
    story = SuccessStory.objects.select_related("relationship").filter(pk=story_id).first()
    if story is None:
        raise DomainError(UNKNOWN_STORY.format(id=story_id), field="story_id")
    if story.relationship.program_id not in _program_ids(program):
        raise DomainError(OTHER_PROGRAM_STORY, field="story_id")
    if story.published_at is None:
        raise DomainError(NOT_PUBLISHED, field="story_id")
    return StoryQuote(
        story=story, title=story.title, first_paragraph=first_paragraph(story.body), url=_url(story)
    )


def choices(program: Program) -> list[tuple[int, str]]:
    rows = SuccessStory.objects.filter(
        relationship__program_id__in=_program_ids(program), published_at__isnull=False
    ).order_by("-published_at", "-id")
    return [(s.pk, s.title) for s in rows]


SOURCE = StorySource(quote=quote, choices=choices)
