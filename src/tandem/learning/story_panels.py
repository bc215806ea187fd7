"""Where success stories show: a card on the relationship's home (consent) and one on the
program's page (published stories; drafts and their consents for the program's managers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from tandem.core.permissions import is_org_admin
from tandem.programs.permissions import is_program_manager

from .models import SuccessStory
from .rendering import render_markdown

PROGRAM_PAGE_STORIES = 5


@dataclass(frozen=True)
class StoryCard:
    story: SuccessStory
    html: SafeString
    agreed: int
    members: int
    i_agreed: bool


def _cards(rows: Any, me_id: int | None) -> list[StoryCard]:
    cards = []
    for story in rows:
        members = {m.participant.person_id for m in story.relationship.members.all()}
        consented = {p.pk for p in story.consented_by.all()}
        cards.append(
            StoryCard(
                story=story,
                html=render_markdown(story.body),
                agreed=len(consented & members),
                members=len(members),
                i_agreed=me_id in consented,
            )
        )
    return cards


def _stories() -> Any:
    return SuccessStory.objects.select_related("relationship").prefetch_related(
        "consented_by", "relationship__members__participant"
    )


def relationship_panel(view: Any) -> dict[str, Any] | None:
    """Hook of ``relationships.overview.HOME_PANELS``: stories about this relationship, each
    with the member's own "I agree to publish" / "Withdraw my consent"."""
    rows = _stories().filter(relationship=view.relationship)
    me_id = view.me.participant.person_id
    cards = _cards(rows, me_id)
    if not cards:
        return None
    return {"template": "learning/_relationship_stories.html", "cards": cards}


def program_panel(user: Any, program: Any) -> dict[str, Any] | None:
    """Hook of ``programs.detail_panels.DETAIL_PANELS``: published stories for everyone; the
    drafts with their consents, and the "Write a story" link, for managers and org admins."""
    manages = is_org_admin(user) or is_program_manager(user, program)
    rows = _stories().filter(relationship__program=program)
    published = _cards(rows.filter(published_at__isnull=False)[:PROGRAM_PAGE_STORIES], None)
    drafts = _cards(rows.filter(published_at__isnull=True), None) if manages else []
    if not (published or drafts or manages):
        return None
    return {
        "template": "learning/_program_stories.html",
        "program": program,
        "published": published,
        "drafts": drafts,
        "manages": manages,
    }
