"""Helpers the engagement app's service modules share."""

from __future__ import annotations

from typing import Any

from tandem.core.errors import NotAllowed
from tandem.people.models import Person

NOT_YOURS = "You can change only your own notification settings."


def require_self(actor: Any, person: Person) -> None:
    if not getattr(actor, "is_authenticated", False) or person.user_id != actor.pk:
        raise NotAllowed(NOT_YOURS)
