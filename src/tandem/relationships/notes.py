"""Notes: shared ones are read by the relationship's members, private ones by their author
only (reads are filtered in ``selectors.list_notes`` / ``access_note_by_id``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core.errors import DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.selectors import person_of

from . import permissions
from .common import require_open_member
from .models import Meeting, Note, Relationship

NOTE_EMPTY = "Write something in the note."
NOTE_MEETING = "That meeting belongs to another relationship."
NOTE_AUTHOR_ONLY = "Only the author can delete a note."


@transaction.atomic
def add_note(
    *,
    relationship: Relationship,
    actor: Any,
    body: str,
    visibility: str = Note.Visibility.SHARED,
    meeting: Meeting | None = None,
) -> Note:
    """A shared note (the members read it) or a private one (its author only)."""
    require_open_member(actor, relationship)
    if not body.strip():
        raise DomainError(NOTE_EMPTY, field="body")
    if meeting is not None and meeting.relationship_id != relationship.pk:
        raise DomainError(NOTE_MEETING, field="meeting_id")
    note = Note(
        relationship=relationship,
        author=person_of(actor),
        body=body.strip(),
        visibility=visibility,
        meeting=meeting,
    )
    full_clean_or_raise(note, exclude=["relationship", "author", "meeting"])
    note.save()
    return note


@transaction.atomic
def delete_note(*, note: Note, actor: Any) -> None:
    if not permissions.can_delete_note(actor, note):
        raise NotAllowed(NOTE_AUTHOR_ONLY)
    note.delete()
