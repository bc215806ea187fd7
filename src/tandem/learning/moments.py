"""Mentoring moments: an employee logs an informal act of mentoring given or received; the
other person confirms or declines. The note is the two people's only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.engagement.services import notify
from tandem.people.models import Person, Skill

from .models import LearningSettings, Moment
from .services import full_clean, require_person

WITH_YOURSELF = "A mentoring moment is between two people: choose someone other than yourself."
UNKNOWN_PERSON = "Nobody active in the organisation has id {id}."
IN_THE_FUTURE = "A moment is logged once it has happened: choose today or an earlier day."
TOO_OLD = "Log moments from the last year."
BAD_DIRECTION = "Say whether you gave or received the mentoring."
UNKNOWN_SKILLS = "No skill in the taxonomy has id {ids}."
ONLY_THE_OTHER = "Only the other person confirms or declines a moment."
ALREADY = "This moment was already {status}."


def _other(person_id: int) -> Person:
    other = Person.objects.filter(pk=person_id, status=Person.Status.ACTIVE).first()
    if other is None:
        raise DomainError(UNKNOWN_PERSON.format(id=person_id), field="other_person_id")
    return other


def _skills(ids: list[int]) -> list[Skill]:
    found = list(Skill.objects.filter(pk__in=ids))
    missing = set(ids) - {s.pk for s in found}
    if missing:
        ids_text = ", ".join(map(str, sorted(missing)))
        raise DomainError(UNKNOWN_SKILLS.format(ids=ids_text), field="skills")
    return found


@transaction.atomic
def log_moment(
    *,
    actor: Any,
    other_person_id: int,
    direction: str,
    happened_on: dt.date,
    note: str = "",
    skill_ids: list[int] | None = None,
) -> Moment:
    me = require_person(actor)
    if other_person_id == me.pk:
        raise DomainError(WITH_YOURSELF, field="other_person_id")
    other = _other(other_person_id)
    if direction not in ("gave", "received"):
        raise DomainError(BAD_DIRECTION, field="direction")
    if happened_on > clock.today():
        raise DomainError(IN_THE_FUTURE, field="happened_on")
    if happened_on < clock.today() - dt.timedelta(days=366):
        raise DomainError(TOO_OLD, field="happened_on")
    skills = _skills(list(skill_ids or []))
    giver, receiver = (me, other) if direction == "gave" else (other, me)
    moment = Moment(
        giver=giver, receiver=receiver, logged_by=me, note=note.strip(), happened_on=happened_on
    )
    full_clean(moment, exclude=["giver", "receiver", "logged_by"])
    moment.save()
    moment.skills.set(skills)
    notify(
        recipients=[other],
        kind="moment",
        title=_title(me, direction),
        body="Confirm it if it happened; it then counts for both of you.",
        url=reverse("learning:moments"),
        subject=moment,
    )
    return moment


def _title(me: Person, direction: str) -> str:
    if direction == "received":
        return f"{me.full_name} says you helped them: confirm the mentoring moment"
    return f"{me.full_name} says they helped you: confirm the mentoring moment"


def _decide(actor: Any, moment: Moment, status: str) -> Moment:
    me = require_person(actor)
    if me.pk not in (moment.giver_id, moment.receiver_id) or me.pk == moment.logged_by_id:
        raise NotAllowed(ONLY_THE_OTHER)
    moment = Moment.objects.select_for_update().get(pk=moment.pk)
    if moment.status != Moment.Status.PENDING:
        raise ConflictError(ALREADY.format(status=moment.get_status_display().lower()))
    moment.status = status
    moment.decided_at = clock.now()
    moment.save(update_fields=["status", "decided_at", "updated_at"])
    return moment


@transaction.atomic
def confirm_moment(*, actor: Any, moment: Moment) -> Moment:
    return _decide(actor, moment, Moment.Status.CONFIRMED)


@transaction.atomic
def decline_moment(*, actor: Any, moment: Moment) -> Moment:
    return _decide(actor, moment, Moment.Status.DECLINED)


@transaction.atomic
def set_show_moments_given(*, actor: Any, show: bool) -> LearningSettings:
    me = require_person(actor)
    settings, _ = LearningSettings.objects.get_or_create(person=me)
    settings.show_moments_given = show
    settings.save()
    return settings
