"""What the learning app contributes to a person's export and erasure for training,
mentoring moments and recognition (docs/privacy.md, "Learning").

Erasure follows the relationships app: what the person wrote goes, facts other people
need stay. Their training progress is deleted. Confirmed moments stay (they count for the
other person) on the anonymised person record, with the note cleared when the erased person
logged it; pending and declined moments with them are deleted (they count for nobody).
Kudos they gave and received are deleted (a message names its recipient), and so are their
learning settings. Badges are not stored: they are read from the facts each time.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import Kudos, LearningSettings, Moment, TrainingProgress
from .recognition import badges_of


def export_training(person: Any) -> list[dict[str, Any]]:
    return [
        {
            "module_id": p.module_id,
            "module": p.module.title,
            "sections_done": p.sections_done,
            "quiz_attempts": p.attempts,
            "quiz_score": p.score,
            "status": p.status,
            "started_at": p.created_at,
            "completed_at": p.completed_at,
        }
        for p in TrainingProgress.objects.filter(person=person)
        .select_related("module")
        .order_by("module_id")
    ]


def export_moments(person: Any) -> list[dict[str, Any]]:
    """Every moment the person gave or received, the note included: the note is the two
    people's own data. The person's own export only (others see counts, never a note)."""
    rows = (
        Moment.objects.filter(Q(giver=person) | Q(receiver=person))
        .select_related("giver", "receiver")
        .prefetch_related("skills")
        .order_by("happened_on", "id")
    )
    return [
        {
            "moment_id": m.pk,
            "direction": "given" if m.giver_id == person.pk else "received",
            "with": m.other_than(person.pk).full_name,
            "logged_by_me": m.logged_by_id == person.pk,
            "happened_on": m.happened_on,
            "skills": sorted(s.name for s in m.skills.all()),
            "note": m.note,
            "status": m.status,
            "decided_at": m.decided_at,
            "office_hour_booking_id": m.booking_id,
        }
        for m in rows
    ]


def _kudos(rows: Any, other: str) -> list[dict[str, Any]]:
    return [
        {
            "kudos_id": k.pk,
            other: getattr(k, other).full_name,
            "message": k.message,
            "program": k.program.name if k.program else None,
            "given_at": k.created_at,
        }
        for k in rows.select_related(other, "program").order_by("created_at", "id")
    ]


def export_recognition(person: Any) -> dict[str, Any]:
    """Kudos given and received with their message, the badges read from the facts, and the
    person's choices (recognition-wall opt-out, moments-given opt-in). Own export only."""
    settings = LearningSettings.objects.filter(person=person).first()
    return {
        "kudos_given": _kudos(Kudos.objects.filter(sender=person), "recipient"),
        "kudos_received": _kudos(Kudos.objects.filter(recipient=person), "sender"),
        "badges": [
            {"key": b.key, "label": b.label} for b in badges_of([person.pk]).get(person.pk, [])
        ],
        "settings": {
            "on_recognition_wall": settings.on_recognition_wall if settings else True,
            "show_moments_given": settings.show_moments_given if settings else False,
            "saved": settings is not None,
        },
    }


def erase_learning(person: Any) -> int:
    progress, _ = TrainingProgress.objects.filter(person=person).delete()
    theirs = Moment.objects.filter(Q(giver=person) | Q(receiver=person))
    uncounted, _ = theirs.exclude(status=Moment.Status.CONFIRMED).delete()
    notes = (
        Moment.objects.filter(Q(giver=person) | Q(receiver=person), logged_by=person)
        .exclude(note="")
        .update(note="")
    )
    kudos, _ = Kudos.objects.filter(Q(sender=person) | Q(recipient=person)).delete()
    settings, _ = LearningSettings.objects.filter(person=person).delete()
    return progress + uncounted + notes + kudos + settings
