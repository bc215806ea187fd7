"""Success stories: a program manager writes one about a relationship; it is published
(shown on the program's wall) only when every member of the relationship has consented."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.permissions import is_org_admin
from tandem.engagement.services import notify
from tandem.people.selectors import person_of
from tandem.programs.permissions import is_program_manager
from tandem.relationships.models import Relationship

from .models import SuccessStory
from .services import full_clean, require_person

WRITE_REFUSED = "Only the program's managers write its success stories."
NOT_A_MEMBER = "Only the members of the relationship consent to its story."
NO_TEXT = "Give the story a title and a text."
UNKNOWN_RELATIONSHIP = "No relationship has id {id}."
OTHER_PROGRAM = "That relationship is not one of this program's."


def _member_ids(relationship: Relationship) -> set[int]:
    return set(relationship.members.values_list("participant__person_id", flat=True))


@transaction.atomic
def write_story(
    *, actor: Any, relationship_id: int, title: str, body: str, program_id: int | None = None
) -> SuccessStory:
    """Write a draft story; each member of the relationship is asked for consent.

    ``program_id`` (the web form of one program) refuses a relationship of another program."""
    relationship = Relationship.objects.select_related("program").filter(pk=relationship_id).first()
    if relationship is None:
        raise DomainError(UNKNOWN_RELATIONSHIP.format(id=relationship_id), field="relationship_id")
    if program_id is not None and relationship.program_id != program_id:
        raise DomainError(OTHER_PROGRAM, field="relationship_id")
    if not (is_org_admin(actor) or is_program_manager(actor, relationship.program)):
        raise NotAllowed(WRITE_REFUSED)
    if not title.strip() or not body.strip():
        raise DomainError(NO_TEXT, field="body")
    story = SuccessStory(
        relationship=relationship,
        title=title.strip(),
        body=body.strip(),
        written_by=person_of(actor),
    )
    full_clean(story, exclude=["relationship", "written_by"])
    story.save()
    members = [
        m.participant.person for m in relationship.members.select_related("participant__person")
    ]
    notify(
        recipients=members,
        kind="celebration",
        title=f"May we share your mentoring story “{story.title}”?",
        body="It is published only if every member of your relationship agrees.",
        url=reverse("relationships:detail", args=[relationship.pk]) + "#stories",
        subject=story,
    )
    record_audit(actor=actor, action="story.write", target=story, after={"title": story.title})
    return story


@transaction.atomic
def consent_to_story(*, actor: Any, story: SuccessStory) -> SuccessStory:
    me = require_person(actor)
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    members = _member_ids(story.relationship)
    if me.pk not in members:
        raise NotAllowed(NOT_A_MEMBER)
    story.consented_by.add(me)
    if story.published_at is None and members <= set(
        story.consented_by.values_list("pk", flat=True)
    ):
        story.published_at = clock.now()
        story.save(update_fields=["published_at", "updated_at"])
    record_audit(
        actor=actor,
        action="story.consent",
        target=story,
        after={"published": story.published_at is not None},
    )
    return story


@transaction.atomic
def withdraw_consent(*, actor: Any, story: SuccessStory) -> SuccessStory:
    """A member takes back their agreement; a published story is unpublished at once."""
    me = require_person(actor)
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    if me.pk not in _member_ids(story.relationship):
        raise NotAllowed(NOT_A_MEMBER)
    story.consented_by.remove(me)
    was_published = story.published_at is not None
    if was_published:
        story.published_at = None
        story.save(update_fields=["published_at", "updated_at"])
    record_audit(
        actor=actor,
        action="story.withdraw",
        target=story,
        before={"published": was_published},
        after={"published": False},
    )
    return story


def visible_stories(actor: Any, *, program_id: int | None = None) -> QuerySet[SuccessStory]:
    """Published stories for everyone; drafts for the relationship's members, its program's
    managers and org admins."""
    rows = SuccessStory.objects.select_related("relationship__program").prefetch_related(
        "consented_by"
    )
    if program_id:
        rows = rows.filter(relationship__program_id=program_id)
    published = list(rows.filter(published_at__isnull=False).values_list("pk", flat=True))
    me = person_of(actor)
    drafts = [
        s.pk
        for s in rows.filter(published_at__isnull=True)
        if (me and me.pk in _member_ids(s.relationship))
        or is_org_admin(actor)
        or is_program_manager(actor, s.relationship.program)
    ]
    return rows.filter(pk__in=published + drafts)


def access_story_by_id(*, actor: Any, story_id: int) -> SuccessStory:
    story = visible_stories(actor).filter(pk=story_id).first()
    if story is None:
        raise Http404("No such story.")
    return story
