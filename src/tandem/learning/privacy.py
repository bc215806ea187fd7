"""What the learning app contributes to a person's data export and erasure: the success
stories about their relationships and their consent to each.

Erasure deletes the stories about a relationship the person was a member of (a story names
its members) and takes their quotes out of recorded announcements; stories the person wrote
about others stay (the writer is anonymised with the person)."""

from __future__ import annotations

from typing import Any

from tandem.programs.announcements import unquote_stories

from .models import SuccessStory


def _about(person: Any) -> Any:
    return (
        SuccessStory.objects.filter(relationship__members__participant__person=person)
        .select_related("relationship__program")
        .prefetch_related("consented_by")
        .distinct()
        .order_by("id")
    )


def export_stories(person: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        "about_my_relationships": [
            {
                "story_id": s.pk,
                "relationship_id": s.relationship_id,
                "program": s.relationship.program.name,
                "title": s.title,
                "body": s.body,
                "i_agreed_to_publish": person.pk in {p.pk for p in s.consented_by.all()},
                "published_at": s.published_at,
                "written_at": s.created_at,
            }
            for s in _about(person)
        ],
        "written_by_me": [
            dict(row)
            for row in SuccessStory.objects.filter(written_by=person)
            .order_by("id")
            .values("id", "relationship_id", "title", "published_at", "created_at")
        ],
    }


def erase_stories(person: Any) -> int:
    ids = list(_about(person).values_list("pk", flat=True))
    unquote_stories(ids)
    deleted, _ = SuccessStory.objects.filter(pk__in=ids).delete()
    return deleted
