"""Who a survey asks, and when: invitations computed in bulk from programs and relationships.

A fixed survey asks the program's approved or matched participants in its roles (everyone in
the organisation for an organisation-wide survey) while it is open. A relative survey asks
each member of a relationship once that relationship reaches the trigger (its first held
meeting, its midpoint, its closure), for ``respond_within_days``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min

from tandem.people.models import Person
from tandem.programs.models import Participant
from tandem.relationships.models import Meeting, Relationship, RelationshipMember

from .models import Completion, Survey

EVERYONE = "everyone"
ROLES = ["mentor", "mentee", "peer"]
CLOSED = [Relationship.Status.COMPLETED, Relationship.Status.ENDED]


@dataclass(frozen=True)
class Invitation:
    survey_id: int
    person_id: int
    relationship_id: int | None
    role: str
    due_on: dt.date
    until: dt.date | None


def _roles(survey: Survey) -> list[str]:
    return ROLES if EVERYONE in survey.audience else [r for r in survey.audience if r in ROLES]


def _fixed(survey: Survey, person_ids: Iterable[int] | None) -> list[Invitation]:
    due = survey.opens_on or survey.created_at.date()
    if survey.program_id is None:
        people = Person.objects.filter(status=Person.Status.ACTIVE)
        if person_ids is not None:
            people = people.filter(pk__in=list(person_ids))
        return [
            Invitation(survey.pk, pk, None, "", due, survey.closes_on)
            for pk in people.values_list("pk", flat=True)
        ]
    rows = Participant.objects.filter(
        program_id=survey.program_id,
        role__in=_roles(survey),
        status__in=[Participant.Status.APPROVED, Participant.Status.MATCHED],
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    seen: dict[int, Invitation] = {}
    for person_id, role in rows.values_list("person_id", "role"):
        seen.setdefault(
            person_id, Invitation(survey.pk, person_id, None, role, due, survey.closes_on)
        )
    return list(seen.values())


def _trigger_dates(survey: Survey, relationships: Iterable[Relationship]) -> dict[int, dt.date]:
    found: dict[int, dt.date] = {}
    rels = list(relationships)
    if survey.trigger == Survey.Trigger.AFTER_FIRST_MEETING:
        firsts = (
            Meeting.objects.filter(
                relationship__in=[r.pk for r in rels], status=Meeting.Status.HELD
            )
            .values("relationship_id")
            .annotate(first=Min("starts_at"))
        )
        return {row["relationship_id"]: row["first"].date() for row in firsts}
    for r in rels:
        if survey.trigger == Survey.Trigger.CLOSURE and r.status in CLOSED and r.ended_on:
            found[r.pk] = r.ended_on
        elif survey.trigger == Survey.Trigger.MIDPOINT and r.started_on and r.program.ends_on:
            found[r.pk] = r.started_on + (r.program.ends_on - r.started_on) / 2
    return found


def _relative(survey: Survey, person_ids: Iterable[int] | None) -> list[Invitation]:
    members = RelationshipMember.objects.filter(role__in=_roles(survey)).exclude(
        relationship__status=Relationship.Status.PENDING
    )
    if survey.program_id is not None:
        members = members.filter(relationship__program_id=survey.program_id)
    if person_ids is not None:
        members = members.filter(participant__person_id__in=list(person_ids))
    members = members.select_related("relationship__program", "participant")
    rows = list(members)
    dates = _trigger_dates(survey, {m.relationship_id: m.relationship for m in rows}.values())
    window = dt.timedelta(days=survey.respond_within_days)
    out = []
    for m in rows:
        due = dates.get(m.relationship_id)
        if due is None or (survey.opens_on and due < survey.opens_on):
            continue
        until = due + window
        if survey.closes_on and survey.closes_on < until:
            until = survey.closes_on
        out.append(
            Invitation(survey.pk, m.participant.person_id, m.relationship_id, m.role, due, until)
        )
    return out


def invitations(
    survey: Survey, *, today: dt.date, person_ids: Iterable[int] | None = None
) -> list[Invitation]:
    """Everyone the survey has asked by ``today`` (answered or not)."""
    if survey.status == Survey.Status.DRAFT:
        return []
    found = _relative(survey, person_ids) if survey.relative else _fixed(survey, person_ids)
    return [i for i in found if i.due_on <= today]


def completed_keys(survey: Survey) -> set[tuple[int, int | None]]:
    return set(Completion.objects.filter(survey=survey).values_list("person_id", "relationship_id"))


def pending(
    survey: Survey, *, today: dt.date, person_ids: Iterable[int] | None = None
) -> list[Invitation]:
    """Invitations still open today and not answered."""
    if survey.status != Survey.Status.OPEN:
        return []
    done = completed_keys(survey)
    return [
        i
        for i in invitations(survey, today=today, person_ids=person_ids)
        if (i.person_id, i.relationship_id) not in done and (i.until is None or today <= i.until)
    ]


def open_surveys() -> list[Survey]:
    return list(
        Survey.objects.filter(status=Survey.Status.OPEN).select_related("program").order_by("pk")
    )
