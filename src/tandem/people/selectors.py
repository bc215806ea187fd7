"""Reads of the people directory. ``access_*`` fetches AND authorises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from . import permissions
from .models import Person, Profile, Skill

_CHAIN_SQL = """
WITH RECURSIVE chain(id, manager_id, depth) AS (
    SELECT id, manager_id, 0 FROM people_person WHERE id = %s
    UNION ALL
    SELECT p.id, p.manager_id, chain.depth + 1
    FROM people_person p JOIN chain ON p.id = chain.manager_id
    WHERE chain.depth < 200
)
SELECT id FROM chain WHERE depth > 0 ORDER BY depth
"""


def list_people(
    *,
    q: str = "",
    department: str = "",
    manager_id: int | None = None,
    location: str = "",
    status: str = "",
) -> QuerySet[Person]:
    people = Person.objects.select_related("manager")
    if q:
        q = q.strip()
        people = people.filter(
            Q(full_name__icontains=q)
            | Q(email__icontains=q)
            | Q(title__icontains=q)
            | Q(employee_id__iexact=q)
            | Q(department__icontains=q)
        )
    if department:
        people = people.filter(department__iexact=department)
    if manager_id is not None:
        people = people.filter(manager_id=manager_id)
    if location:
        people = people.filter(location__iexact=location)
    if status:
        people = people.filter(status=status)
    return people.order_by("full_name", "id")


def list_departments() -> list[str]:
    values = Person.objects.exclude(department="").values_list("department", flat=True)
    return sorted(set(values))


def list_locations() -> list[str]:
    values = Person.objects.exclude(location="").values_list("location", flat=True)
    return sorted(set(values))


def access_person_by_id(*, actor: Any, person_id: int) -> Person:
    if not permissions.can_view_directory(actor):
        raise PermissionDenied("Sign in to see the directory.")
    person = Person.objects.select_related("manager", "user").filter(pk=person_id).first()
    if person is None or not permissions.can_view_person(actor, person):
        raise Http404("No such person.")
    return person


def person_of(actor: Any) -> Person | None:
    """The directory entry of a signed-in login, or ``None`` (anonymous, or not linked)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=actor.pk).first()


def get_person_for_user(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("manager").filter(user_id=user.pk).first()


def management_chain_ids(person_id: int) -> list[int]:
    """Ids of the person's managers, nearest first, in one recursive query."""
    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL, [person_id])
        return [row[0] for row in cursor.fetchall()]


def management_chain(person: Person) -> list[Person]:
    ids = management_chain_ids(person.pk)
    by_id = Person.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class OrgNeighbourhood:
    chain: list[Person]
    peers: list[Person]
    reports: list[Person]


def org_neighbourhood(person: Person, *, limit: int = 30) -> OrgNeighbourhood:
    """The person's managers up to the top, their peers and direct reports (4 queries)."""
    peers: list[Person] = []
    if person.manager_id:
        peers = list(
            Person.objects.filter(manager_id=person.manager_id).exclude(pk=person.pk)[:limit]
        )
    reports = list(Person.objects.filter(manager_id=person.pk)[:limit])
    return OrgNeighbourhood(chain=management_chain(person), peers=peers, reports=reports)


def get_profile(person: Person) -> Profile | None:
    return Profile.objects.filter(person=person).prefetch_related("skills__skill").first()


def list_skills(*, q: str = "", category: str = "") -> QuerySet[Skill]:
    skills = Skill.objects.prefetch_related("aliases")
    if q:
        skills = skills.filter(Q(name__icontains=q) | Q(aliases__alias__icontains=q)).distinct()
    if category:
        skills = skills.filter(category__iexact=category)
    return skills.order_by("name")


def resolve_skill_names(names: list[str]) -> tuple[dict[str, Skill], list[str]]:
    """Map free-text skill names (or aliases, case-insensitive) to skills; also the unknown ones."""
    wanted = {n.strip().lower(): n.strip() for n in names if n.strip()}
    found: dict[str, Skill] = {}
    for skill in Skill.objects.prefetch_related("aliases"):
        keys = [skill.name.lower(), *(a.alias.lower() for a in skill.aliases.all())]
        for key in keys:
            if key in wanted:
                found[key] = skill
    unknown = [original for key, original in wanted.items() if key not in found]
    return {wanted[k]: s for k, s in found.items()}, unknown


# Other apps add a card to a person's page: ``panel(actor, person) -> {"template": …} | None``
# (the learning app: mentoring moments given, when the person opts in).
person_panels: list[Callable[[Any, Person], dict[str, Any] | None]] = []


def person_panels_for(actor: Any, person: Person) -> list[dict[str, Any]]:
    return [p for p in (panel(actor, person) for panel in person_panels) if p]
