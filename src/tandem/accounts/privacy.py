"""A person's data on request: export everything Tandem holds about them, or erase it.

Apps contribute through two registries (filled in their ``AppConfig.ready``) so that this
module never imports them:

- ``export_sections``: ``name -> ExportSection`` — what the person's own export holds and
  what of it an org admin may read about them (a bare function: the person's export only);
- ``erasers``: ``fn(person) -> int`` — delete or anonymise the app's rows about the person
  and return how many were touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.permissions import is_org_admin


@dataclass(frozen=True)
class ExportSection:
    """``own``: the section in the person's own export. ``for_admin``: what an org admin may
    read of it about someone else — only what the admin can already see in Tandem; ``None``
    leaves the section out of an admin's export (private notes, demographics, …)."""

    own: Callable[[Any], Any]
    for_admin: Callable[[Any], Any] | None = None

    @classmethod
    def same_for_admin(cls, fn: Callable[[Any], Any]) -> ExportSection:
        return cls(own=fn, for_admin=fn)


export_sections: dict[str, ExportSection | Callable[[Any], Any]] = {}
erasers: list[Callable[[Any], int]] = []

ERASE_CONFIRMATION = "ERASE"
CONFIRMATION_REQUIRED = f"Type {ERASE_CONFIRMATION} to confirm: erasure cannot be undone."
CANNOT_ERASE_SELF = "You cannot erase your own record; ask another org admin."
ALREADY_ERASED = "This person has already been erased."
WITHHELD_REASON = (
    "Only the person can download what they wrote, their notifications and their "
    "self-declared demographics: ask them to use My data."
)


def can_export_person(user: Any, person: Any) -> bool:
    own = person.user_id is not None and person.user_id == getattr(user, "pk", None)
    return own or is_org_admin(user)


def can_erase_person(user: Any) -> bool:
    return is_org_admin(user)


def _section(entry: ExportSection | Callable[[Any], Any]) -> ExportSection:
    return entry if isinstance(entry, ExportSection) else ExportSection(own=entry)


def export_person_data(*, actor: Any, person: Any) -> dict[str, Any]:
    """Everything Tandem holds about ``person`` for ``person`` themself; for an org admin,
    only what the admin may already see (docs/privacy.md). One JSON document."""
    if not can_export_person(actor, person):
        raise NotAllowed("You can only export your own data.")
    own = person.user_id is not None and person.user_id == actor.pk
    document: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "scope": "own" if own else "admin",
        "person": snapshot(person),
    }
    withheld = []
    for name, entry in export_sections.items():
        section = _section(entry)
        fn = section.own if own else section.for_admin
        if fn is None:
            withheld.append(name)
        else:
            document[name] = fn(person)
    if not own:
        document["withheld"] = {"sections": withheld, "reason": WITHHELD_REASON}
        record_audit(actor=actor, action="person.export", target=person, after={"scope": "admin"})
    return document


def _anonymise(person: Any) -> None:
    marker = f"erased-{person.pk}"
    person.full_name = f"Erased person #{person.pk}"
    person.email = f"{marker}@erased.invalid"
    person.employee_id = marker
    person.title = person.location = ""
    person.languages = []
    person.hire_date = person.employment_start = person.employment_end = None
    person.status = "terminated"
    person.save()


def _disable_login(person: Any) -> None:
    user = person.user
    if user is None:
        return
    user.api_tokens.all().delete()
    user.email = f"erased-user-{user.pk}@erased.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def erase_person(*, actor: Any, person: Any, confirmation: str) -> dict[str, int]:
    """Erase a person's personal data (org admins only). Aggregate counts stay correct:
    rows other people need (a relationship's existence) are kept, anonymised."""
    if not can_erase_person(actor):
        raise NotAllowed("Only org admins can erase a person's data.")
    if confirmation.strip() != ERASE_CONFIRMATION:
        raise DomainError(CONFIRMATION_REQUIRED, field="confirmation")
    if person.user_id is not None and person.user_id == actor.pk:
        raise DomainError(CANNOT_ERASE_SELF)
    if person.employee_id == f"erased-{person.pk}":
        raise DomainError(ALREADY_ERASED, status_code=409)
    return _erase(person, actor=actor, actor_label="")


def _erase(person: Any, *, actor: Any, actor_label: str) -> dict[str, int]:
    touched = {"apps": sum(eraser(person) for eraser in erasers)}
    _disable_login(person)
    _anonymise(person)
    record_audit(
        actor=actor,
        actor_label=actor_label,
        action="person.erase",
        target_type="people.Person",
        target_id=person.pk,
        after={"rows_erased": touched["apps"]},
    )
    return touched


@transaction.atomic
def erase_deprovisioned_person(*, person: Any, actor_label: str) -> dict[str, int]:
    """Erasure ordered by the identity provider (a SCIM DELETE): the caller has already
    authenticated the provisioning token, so no admin or confirmation is involved."""
    return _erase(person, actor=None, actor_label=actor_label)
