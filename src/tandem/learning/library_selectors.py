"""Reads of the resource library: search and filters, and "for this week" of a relationship.

Tags and weeks are JSON lists, filtered in Python after the database has narrowed the rows
(text, skill, program): a library holds hundreds of resources, not millions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.models import ProfileSkill

from .models import Resource

FOR_THE_WEEK = 4
FOR_THE_SKILLS = 3


def _base() -> QuerySet[Resource]:
    return Resource.objects.prefetch_related("skills", "programs")


def search_resources(
    *,
    q: str = "",
    tag: str = "",
    skill: int | None = None,
    program_id: int | None = None,
    week: int | None = None,
    kind: str = "",
) -> list[Resource]:
    """Everyone reads the whole library. ``program_id``: resources of that program and
    general ones (no program); ``week``: resources for that week and general ones."""
    rows = _base()
    if q.strip():
        words = q.split()
        for word in words[:6]:
            rows = rows.filter(
                Q(title__icontains=word)
                | Q(body_markdown__icontains=word)
                | Q(author__icontains=word)
            )
    if skill:
        rows = rows.filter(skills__pk=skill)
    if program_id:
        rows = rows.filter(Q(programs__pk=program_id) | Q(programs__isnull=True))
    if kind:
        rows = rows.filter(kind=kind)
    found = list(rows.distinct())
    if tag:
        found = [r for r in found if tag.strip().lower() in r.tags]
    if week:
        found = [r for r in found if not r.weeks or week in r.weeks]
    return found


def access_resource_by_id(*, actor: Any, resource_id: int) -> Resource:
    resource = _base().filter(pk=resource_id).first()
    if resource is None or not getattr(actor, "is_authenticated", False):
        raise Http404("No such resource.")
    return resource


def all_tags() -> list[str]:
    return sorted({t for tags in Resource.objects.values_list("tags", flat=True) for t in tags})


@dataclass(frozen=True)
class Suggestion:
    resource: Resource
    why: str


def for_this_week(relationship: Any, week: int) -> list[Suggestion]:
    """Resources for the relationship's week and its mentees' development skills (3 queries).

    A resource of another program is left out. Up to four made for this week (those that
    share a skill the mentee wants to develop first), then up to three for those skills."""
    from tandem.relationships.models import RelationshipMember

    mentee_people = RelationshipMember.objects.filter(
        relationship=relationship, participant__role__in=["mentee", "peer"]
    ).values("participant__person_id")
    wanted = set(
        ProfileSkill.objects.filter(
            profile__person_id__in=mentee_people, kind=ProfileSkill.Kind.DEVELOPMENT
        ).values_list("skill_id", flat=True)
    )
    rows = _base().filter(Q(programs__pk=relationship.program_id) | Q(programs__isnull=True))
    weekly: list[tuple[Any, ...]] = []
    by_skill: list[tuple[Any, ...]] = []
    for r in rows.distinct():
        shared = [s.name for s in r.skills.all() if s.pk in wanted]
        skills = "skills: " + ", ".join(shared[:3]) if shared else ""
        if week in r.weeks:
            why = ", ".join(filter(None, [f"week {week}", skills]))
            # resources made for this week only come before those for several weeks
            weekly.append((-len(shared), len(r.weeks), r.title, Suggestion(r, why)))
        elif shared:
            by_skill.append((-len(shared), 0, r.title, Suggestion(r, skills)))
    picked = sorted(weekly)[:FOR_THE_WEEK] + sorted(by_skill)[:FOR_THE_SKILLS]
    return [t[-1] for t in picked]


def this_week_panel(view: Any) -> dict[str, Any] | None:
    """Hook of ``relationships.overview.HOME_PANELS``: the "For this week" card."""
    from tandem.relationships.selectors import week_number

    week = week_number(view.relationship)
    suggestions = for_this_week(view.relationship, week)
    if not suggestions:
        return None
    return {"template": "learning/_for_this_week.html", "week": week, "suggestions": suggestions}
