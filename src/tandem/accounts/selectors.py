"""Reads about accounts and the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from .models import ApiToken

# Other apps register how to describe a user's program memberships here
# (the programs app does, in its AppConfig.ready), so accounts never imports them.
membership_providers: list[Callable[[Any], list[dict[str, Any]]]] = []
managed_program_providers: list[Callable[[Any], list[int]]] = []


def list_tokens(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def describe_me(user: Any) -> dict[str, object]:
    from tandem.people.selectors import get_person_for_user

    person = get_person_for_user(user)
    memberships = [m for provider in membership_providers for m in provider(user)]
    managed = sorted({i for provider in managed_program_providers for i in provider(user)})
    roles = list(user.role_names)
    if managed:
        roles.append("program_manager")
    if memberships:
        roles.append("participant")
    return {
        "user_id": user.pk,
        "email": user.email,
        "roles": roles,
        "person": person,
        "program_memberships": memberships,
        "managed_program_ids": managed,
    }


def person_of(user: Any) -> Any:
    """The directory entry of a login, or a 404 when the login is not linked to anyone."""
    from django.http import Http404

    from tandem.people.selectors import get_person_for_user

    person = get_person_for_user(user)
    if person is None:
        raise Http404("Your login is not linked to anyone in the directory.")
    return person
