"""SCIM User writes: create (or adopt an imported person), replace, patch, deactivate, delete.

Every write is atomic and audited with the provisioning token as the actor
(``scim:<token name>``); a refusal is a ``ScimError`` and writes nothing."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.fields import BooleanField

from tandem.accounts import privacy
from tandem.core import clock
from tandem.core.audit import changed, record_audit, snapshot
from tandem.core.errors import DomainError

from ..lifecycle import run_deactivation_hooks
from ..models import Person, ScimAccount, ScimToken
from ..services import check_manager
from .mapping import Incoming, UserModel, document, extract
from .protocol import ScimError

USER_NAME_TAKEN = "userName: “{value}” is already provisioned (user {id})."
EMAIL_TAKEN = "emails: {value} belongs to another provisioned user ({id})."
EMPLOYEE_ID_TAKEN = "employeeNumber: {value} belongs to another person ({id})."
USER_NAME_REQUIRED = "userName is required."
MANAGER_INVALID = "manager: {message}"
AUDITED_FIELDS = [
    "full_name",
    "email",
    "title",
    "department",
    "employee_id",
    "time_zone",
    "status",
    "manager_id",
]


def actor_label(token: ScimToken) -> str:
    return f"scim:{token.name}"


def provisioned_people() -> QuerySet[Person]:
    """Every person the identity provider provisioned, ready to render without N+1."""
    return (
        Person.objects.filter(scim__isnull=False)
        .select_related("scim", "manager", "user")
        .prefetch_related("directory_groups")
        .annotate(
            scim_active=Case(
                When(status=Person.Status.TERMINATED, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .order_by("pk")
    )


def _conflict(message: str) -> ScimError:
    return ScimError(409, message, "uniqueness")


def _check_unique(incoming: Incoming, person: Person | None) -> None:
    own: int = person.pk if person is not None and person.pk else 0
    taken = (
        ScimAccount.objects.filter(user_name__lower=incoming.user_name.lower())
        .exclude(person_id=own)
        .values_list("person_id", flat=True)[:1]
    )
    for other in taken:
        raise _conflict(USER_NAME_TAKEN.format(value=incoming.user_name, id=other))
    query = Q(email__iexact=incoming.email)
    if incoming.employee_id:
        query |= Q(employee_id=incoming.employee_id)
    clashes = Person.objects.filter(query).exclude(pk=own).values_list("pk", "email")[:2]
    for pk, email in clashes:
        if email.lower() == incoming.email:
            raise _conflict(EMAIL_TAKEN.format(value=incoming.email, id=pk))
        raise _conflict(EMPLOYEE_ID_TAKEN.format(value=incoming.employee_id, id=pk))


def _adoptable(incoming: Incoming) -> Person | None:
    """A person already in the directory (imported from the HR file) that the identity
    provider now provisions: same email or same employee id, not provisioned yet."""
    query = Q(email__iexact=incoming.email)
    if incoming.employee_id:
        query |= Q(employee_id=incoming.employee_id)
    found = Person.objects.filter(query, scim__isnull=True).select_related("user").order_by("pk")
    return next(iter(found[:1]), None)


def _resolve_manager(person: Person, incoming: Incoming) -> Person | None:
    ref = incoming.manager_ref
    if not incoming.manager_set or not ref or not ref.isdigit() or len(ref) > 18:
        return None
    if person.manager_id == int(ref) and person.manager is not None:
        return person.manager  # unchanged: no need to walk the chain again
    if not Person.objects.filter(pk=int(ref)).exists():
        return None  # kept as sent; resolved when the IdP sends it again
    try:
        return check_manager(person, int(ref))
    except DomainError as exc:
        raise ScimError(400, MANAGER_INVALID.format(message=exc.message), "invalidValue") from exc


def _save(person: Person) -> None:
    try:
        # uniqueness was checked above (and the database enforces it); the manager too
        person.full_clean(exclude=["manager", "user"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        status, kind = (
            (409, "uniqueness") if "already exists" in messages[0] else (400, "invalidValue")
        )
        raise ScimError(status, f"{field}: {messages[0]}", kind) from exc
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent write took the same email or id
        raise _conflict(f"conflicts with another person: {exc}") from exc


def _apply(person: Person, account: ScimAccount, incoming: Incoming, token: ScimToken) -> None:
    """Write ``incoming`` onto ``person`` and ``account``; deactivates or reactivates."""
    was_active = person.status != Person.Status.TERMINATED
    person.full_name = incoming.full_name
    person.email = incoming.email
    person.title = incoming.title
    person.department = incoming.department
    if incoming.employee_id:
        person.employee_id = incoming.employee_id
    elif not person.employee_id:  # the directory needs a key; the IdP may send one later
        person.employee_id = f"scim-{secrets.token_hex(6)}"
    if incoming.time_zone:
        person.time_zone = incoming.time_zone
    person.manager = _resolve_manager(person, incoming)
    active = was_active if incoming.active is None else incoming.active
    if active and not was_active:
        person.status = Person.Status.ACTIVE
    elif not active:
        person.status = Person.Status.TERMINATED
        person.employment_end = person.employment_end or clock.today()
    _save(person)
    account.person = person
    account.user_name = incoming.user_name
    account.external_id = incoming.external_id
    account.attributes = incoming.attributes
    account.save()
    _sync_login(person, active=active)
    if was_active and not active:
        run_deactivation_hooks(person=person, actor_label=actor_label(token))


def _sync_login(person: Person, *, active: bool) -> None:
    """Deactivation blocks sign-in at once: an inactive login has no session or token."""
    user = person.user
    if user is None or user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])


@transaction.atomic
def create_user(*, token: ScimToken, user: Any) -> Person:
    incoming = extract(user)
    if not incoming.user_name:
        raise ScimError(400, USER_NAME_REQUIRED, "invalidValue")
    person = _adoptable(incoming) or Person()
    _check_unique(incoming, person if person.pk else None)
    adopted = person.pk is not None
    account = ScimAccount(person=person)
    _apply(person, account, incoming, token)
    record_audit(
        actor=None,
        actor_label=actor_label(token),
        action="scim.user.adopt" if adopted else "scim.user.create",
        target=person,
        after=snapshot(person, AUDITED_FIELDS),
    )
    return person


@transaction.atomic
def replace_user(*, token: ScimToken, person: Person, user: Any) -> Person:
    incoming = extract(user)
    if not incoming.user_name:
        raise ScimError(400, USER_NAME_REQUIRED, "invalidValue")
    _check_unique(incoming, person)
    before = snapshot(person, AUDITED_FIELDS)
    _apply(person, person.scim, incoming, token)
    old, new = changed(before, snapshot(person, AUDITED_FIELDS))
    if new:
        record_audit(
            actor=None,
            actor_label=actor_label(token),
            action="scim.user.update",
            target=person,
            before=old,
            after=new,
        )
    return person


@transaction.atomic
def patch_user(*, token: ScimToken, person: Person, patch: Any, base_url: str) -> Person:
    current = UserModel.model_validate(document(person, person.scim, base_url))
    patch.patch(current)
    return replace_user(token=token, person=person, user=current)


@transaction.atomic
def delete_user(*, token: ScimToken, person: Person) -> None:
    """DELETE: the login goes and the person is anonymised as an erasure would."""
    label = actor_label(token)
    if person.status != Person.Status.TERMINATED:
        person.status = Person.Status.TERMINATED
        person.save(update_fields=["status", "updated_at"])
        _sync_login(person, active=False)
        run_deactivation_hooks(person=person, actor_label=label)
    ScimAccount.objects.filter(person=person).delete()
    person.directory_groups.clear()
    privacy.erase_deprovisioned_person(person=person, actor_label=label)
