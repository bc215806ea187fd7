"""Recognition: kudos to a mentor, badges earned from facts, the wall (with an opt-out).

Badges are not stored: they are read from the facts each time (meetings held, goals
achieved, relationships completed, confirmed moments, mentor training), so they can never
disagree with them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from tandem.core.errors import DomainError, NotAllowed
from tandem.engagement.services import notify
from tandem.people.models import Person
from tandem.programs.models import Participant, Program
from tandem.relationships.recognition import named_celebrations

from .models import Kudos, LearningSettings, Moment, TrainingModule, TrainingProgress
from .services import full_clean, require_person

TO_YOURSELF = "Kudos go to someone else."
UNKNOWN_PERSON = "Nobody active in the organisation has id {id}."
NOT_A_MENTOR = "Kudos go to mentors: {name} mentors in no program."
NOT_THEIR_MENTEE = "Kudos come from a mentor's mentees or managers."
NO_MESSAGE = "Write a short message."
UNKNOWN_PROGRAM = "No program has id {id}."


@dataclass(frozen=True)
class Badge:
    key: str
    label: str


BADGES = {
    "first_meeting": "First meeting held",
    "five_meetings": "Five meetings held",
    "goal_achieved": "A goal achieved",
    "relationship_completed": "A relationship completed",
    "ten_moments": "Ten confirmed mentoring moments",
    "mentor_training": "All mentor training done",
}


def _mentored_by(mentor: Person) -> set[int]:
    """Person ids of the mentees of ``mentor``'s relationships."""
    from tandem.relationships.models import RelationshipMember

    rels = RelationshipMember.objects.filter(participant__person=mentor, role="mentor").values(
        "relationship_id"
    )
    return set(
        RelationshipMember.objects.filter(relationship_id__in=rels)
        .exclude(role="mentor")
        .values_list("participant__person_id", flat=True)
    )


def _may_thank(sender: Person, mentor: Person) -> bool:
    if mentor.manager_id == sender.pk:
        return True
    if Program.objects.filter(managers=sender, participants__person=mentor).exists():
        return True
    return sender.pk in _mentored_by(mentor)


@transaction.atomic
def give_kudos(
    *, actor: Any, to_person_id: int, message: str, program_id: int | None = None
) -> Kudos:
    me = require_person(actor)
    if to_person_id == me.pk:
        raise DomainError(TO_YOURSELF, field="to_person_id")
    mentor = Person.objects.filter(pk=to_person_id, status=Person.Status.ACTIVE).first()
    if mentor is None:
        raise DomainError(UNKNOWN_PERSON.format(id=to_person_id), field="to_person_id")
    if not Participant.objects.filter(person=mentor, role="mentor").exists():
        raise DomainError(NOT_A_MENTOR.format(name=mentor.full_name), field="to_person_id")
    if not _may_thank(me, mentor):
        raise NotAllowed(NOT_THEIR_MENTEE)
    if not message.strip():
        raise DomainError(NO_MESSAGE, field="message")
    program = None
    if program_id is not None:
        program = Program.objects.filter(pk=program_id).first()
        if program is None:
            raise DomainError(UNKNOWN_PROGRAM.format(id=program_id), field="program_id")
    kudos = Kudos(sender=me, recipient=mentor, message=message.strip(), program=program)
    full_clean(kudos, exclude=["sender", "recipient", "program"])
    kudos.save()
    notify(
        recipients=[mentor],
        kind="celebration",
        title=f"Kudos from {me.full_name}",
        body=kudos.message,
        subject=kudos,
    )
    return kudos


def badges_of(person_ids: list[int]) -> dict[int, list[Badge]]:
    """Badges of many people in a fixed number of queries."""
    from tandem.relationships.models import Goal, Meeting, Relationship

    ids = list(set(person_ids))
    mentor_of = Q(members__participant__person_id__in=ids, members__role="mentor")
    held = Counter(
        dict(
            Meeting.objects.filter(
                status=Meeting.Status.HELD,
                relationship__members__participant__person_id__in=ids,
                relationship__members__role="mentor",
            )
            .values_list("relationship__members__participant__person_id")
            .annotate(n=Count("id", distinct=True))
        )
    )
    achieved = set(
        Goal.objects.filter(
            status=Goal.Status.ACHIEVED,
            relationship__members__participant__person_id__in=ids,
            relationship__members__role="mentor",
        ).values_list("relationship__members__participant__person_id", flat=True)
    )
    completed = set(
        Relationship.objects.filter(mentor_of, status=Relationship.Status.COMPLETED).values_list(
            "members__participant__person_id", flat=True
        )
    )
    moments = Counter(
        dict(
            Moment.objects.filter(giver_id__in=ids, status=Moment.Status.CONFIRMED)
            .values_list("giver_id")
            .annotate(n=Count("id"))
        )
    )
    mentor_modules = set(
        TrainingModule.objects.filter(published=True, audience="mentors").values_list(
            "pk", flat=True
        )
    )
    trained = Counter(
        TrainingProgress.objects.filter(
            person_id__in=ids, module_id__in=mentor_modules, completed_at__isnull=False
        ).values_list("person_id", flat=True)
    )
    found: dict[int, list[Badge]] = {}
    for pid in ids:
        keys = []
        if held[pid] >= 1:
            keys.append("first_meeting")
        if held[pid] >= 5:
            keys.append("five_meetings")
        if pid in achieved:
            keys.append("goal_achieved")
        if pid in completed:
            keys.append("relationship_completed")
        if moments[pid] >= 10:
            keys.append("ten_moments")
        if mentor_modules and trained[pid] >= len(mentor_modules):
            keys.append("mentor_training")
        found[pid] = [Badge(k, BADGES[k]) for k in keys]
    return found


def opted_out_ids() -> set[int]:
    return set(
        LearningSettings.objects.filter(on_recognition_wall=False).values_list(
            "person_id", flat=True
        )
    )


def opted_out_among(person_ids: set[int]) -> set[int]:
    """Hook of ``relationships.celebration_names.WALL_OPT_OUTS``."""
    return set(
        LearningSettings.objects.filter(
            person_id__in=person_ids, on_recognition_wall=False
        ).values_list("person_id", flat=True)
    )


@dataclass(frozen=True)
class Wall:
    kudos: list[Kudos]
    badges: dict[int, list[Badge]]
    celebrations: list[Any] = field(default_factory=list)


def wall(*, program_id: int | None = None, limit: int = 50) -> Wall:
    """Recent kudos (of one program, or all), the badges of the mentors thanked and the
    celebrations whose members all agreed to be named; people who opted out appear nowhere
    on it."""
    hidden = opted_out_ids()
    rows = Kudos.objects.select_related("sender", "recipient", "program").exclude(
        Q(sender_id__in=hidden) | Q(recipient_id__in=hidden)
    )
    if program_id:
        rows = rows.filter(program_id=program_id)
    kudos = list(rows[:limit])
    badges = badges_of([k.recipient_id for k in kudos])
    celebrations = named_celebrations(program_id=program_id, limit=limit)
    return Wall(kudos, badges, celebrations)


@transaction.atomic
def set_on_wall(*, actor: Any, on_wall: bool) -> LearningSettings:
    me = require_person(actor)
    settings, _ = LearningSettings.objects.get_or_create(person=me)
    settings.on_recognition_wall = on_wall
    settings.save()
    return settings


def mentors_i_may_thank(actor: Any) -> list[Person]:
    """The mentors the caller may send kudos to (for the form's choices)."""
    from tandem.relationships.models import RelationshipMember

    me = require_person(actor)
    mine = RelationshipMember.objects.filter(participant__person=me).exclude(role="mentor")
    mentor_ids = set(
        RelationshipMember.objects.filter(
            relationship_id__in=mine.values("relationship_id"), role="mentor"
        ).values_list("participant__person_id", flat=True)
    )
    mentors = Participant.objects.filter(role="mentor")
    mentor_ids |= set(
        mentors.filter(Q(person__manager=me) | Q(program__managers=me)).values_list(
            "person_id", flat=True
        )
    )
    mentor_ids.discard(me.pk)
    return list(Person.objects.filter(pk__in=mentor_ids, status=Person.Status.ACTIVE))
