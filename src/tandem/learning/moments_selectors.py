"""Reads of mentoring moments. A moment (and its note) is seen by its two people only;
everyone else sees counts: a person's given moments when they opt in, and aggregates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.core.permissions import is_leader
from tandem.people.models import Person
from tandem.people.selectors import person_of

from .models import LearningSettings, Moment


def list_my_moments(actor: Any) -> QuerySet[Moment]:
    me = person_of(actor)
    if me is None:
        return Moment.objects.none()
    return (
        Moment.objects.filter(Q(giver=me) | Q(receiver=me))
        .select_related("giver", "receiver", "logged_by")
        .prefetch_related("skills")
    )


def access_moment_by_id(*, actor: Any, moment_id: int) -> Moment:
    moment = list_my_moments(actor).filter(pk=moment_id).first()
    if moment is None:
        raise Http404("No such moment.")
    return moment


def shows_moments_given(person: Person) -> bool:
    return LearningSettings.objects.filter(person=person, show_moments_given=True).exists()


@dataclass(frozen=True)
class MomentSummary:
    given: int
    received: int
    skills: list[tuple[str, int]]


def summary_of(person: Person) -> MomentSummary:
    """Confirmed moments a person gave and received, and the skills of those given."""
    confirmed = Moment.objects.filter(status=Moment.Status.CONFIRMED)
    given = list(confirmed.filter(giver=person).prefetch_related("skills"))
    skills = Counter(s.name for m in given for s in m.skills.all())
    return MomentSummary(
        given=len(given),
        received=confirmed.filter(receiver=person).count(),
        skills=skills.most_common(8),
    )


def access_summary(*, actor: Any, person: Person) -> MomentSummary:
    """The person themself always; others when the person opted in (404 otherwise)."""
    me = person_of(actor)
    if (me is None or me.pk != person.pk) and not shows_moments_given(person):
        raise Http404("This person does not show their mentoring moments.")
    return summary_of(person)


def org_totals(actor: Any) -> dict[str, Any]:
    """Counts only, for leaders and org admins: confirmed moments and the skills they cover."""
    if not is_leader(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only leaders and org admins see the organisation's figures.")
    confirmed = Moment.objects.filter(status=Moment.Status.CONFIRMED)
    skills = Counter(
        name for name in confirmed.values_list("skills__name", flat=True) if name is not None
    )
    return {
        "confirmed": confirmed.count(),
        "people_helped": confirmed.values("receiver").distinct().count(),
        "people_helping": confirmed.values("giver").distinct().count(),
        "skills": [{"skill": k, "count": v} for k, v in skills.most_common(20)],
    }


def person_panel(actor: Any, person: Person) -> dict[str, Any] | None:
    """Hook of ``people.selectors.person_panels``: moments given, if shown."""
    me = person_of(actor)
    mine = me is not None and me.pk == person.pk
    if not mine and not shows_moments_given(person):
        return None
    return {
        "template": "learning/_person_moments.html",
        "summary": summary_of(person),
        "mine": mine,
        "shown": shows_moments_given(person),
    }
