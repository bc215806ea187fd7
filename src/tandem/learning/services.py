"""Helpers shared by the learning app's services (training, progress)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from tandem.core.errors import DomainError, from_validation_error
from tandem.people.models import Person
from tandem.people.selectors import person_of

NO_PERSON = "Your account is not linked to a person in the directory."


def full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def require_person(actor: Any) -> Person:
    person = person_of(actor)
    if person is None:
        raise DomainError(NO_PERSON)
    return person
