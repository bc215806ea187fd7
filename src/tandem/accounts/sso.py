"""From an identity the IdP vouched for (OIDC or SAML) to a Tandem login.

A returning identity is found by its subject; a new one is matched to a person of the
directory by verified email or by an employee-id claim (``TANDEM_SSO_MATCH_BY``). An
unknown person is refused, or created when just-in-time provisioning is on
(``TANDEM_SSO_JIT``). Deactivated people are refused. Every refusal is audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.people.models import Person

from .models import SsoIdentity, User
from .services import login_for_person


@dataclass(frozen=True)
class Identity:
    provider: str  # "oidc" or "saml"
    subject: str
    email: str = ""
    email_verified: bool = False
    full_name: str = ""
    employee_id: str = ""
    department: str = ""


class SsoRefused(Exception):  # noqa: N818 — reads as a verdict
    """Sign-in refused; ``title`` and ``detail`` are shown on the error page."""

    def __init__(self, title: str, detail: str, hint: str = "", status: int = 403) -> None:
        super().__init__(detail)
        self.title, self.detail, self.hint, self.status = title, detail, hint, status


UNKNOWN_PERSON = "Not in the directory"
UNKNOWN_PERSON_DETAIL = "No one in this organisation's directory has {what}."
UNKNOWN_PERSON_HINT = (
    "Ask your HR or IT team to add you (or to provision you through SCIM), then try again."
)
UNVERIFIED = "Email not verified"
UNVERIFIED_DETAIL = "The identity provider did not say that {email} is verified."
NO_EMPLOYEE_ID = "No employee id"
NO_EMPLOYEE_ID_DETAIL = "The identity provider sent no “{claim}” claim to match you by."
DEACTIVATED = "Account deactivated"
DEACTIVATED_DETAIL = "Your account is deactivated in the directory."


def _refuse(identity: Identity, error: SsoRefused) -> SsoRefused:
    return error


def _audit_refusal(identity: Identity, error: SsoRefused) -> None:
    record_audit(
        actor=None,
        actor_label=f"sso:{identity.provider}",
        action="sso.refused",
        target_type="accounts.SsoIdentity",
        target_id=identity.subject[:64],
        after={"reason": error.title, "detail": error.detail, "email": identity.email},
    )


def _check_active(identity: Identity, user: User | None, person: Person | None) -> None:
    if (user is not None and not user.is_active) or (
        person is not None and person.status == Person.Status.TERMINATED
    ):
        raise _refuse(identity, SsoRefused(DEACTIVATED, DEACTIVATED_DETAIL))


def _find_person(identity: Identity) -> Person | None:
    if settings.TANDEM_SSO_MATCH_BY == "employee_id":
        if not identity.employee_id:
            claim = settings.TANDEM_SSO_EMPLOYEE_ID_CLAIM
            raise _refuse(
                identity, SsoRefused(NO_EMPLOYEE_ID, NO_EMPLOYEE_ID_DETAIL.format(claim=claim))
            )
        return (
            Person.objects.filter(employee_id=identity.employee_id).select_related("user").first()
        )
    if not identity.email or not identity.email_verified:
        detail = UNVERIFIED_DETAIL.format(email=identity.email or "your email")
        raise _refuse(identity, SsoRefused(UNVERIFIED, detail))
    return Person.objects.filter(email__iexact=identity.email).select_related("user").first()


def _provision(identity: Identity) -> Person:
    """Just-in-time: a new directory entry from what the IdP sent."""
    digest = hashlib.sha256(f"{identity.provider}:{identity.subject}".encode()).hexdigest()[:12]
    person = Person(
        employee_id=identity.employee_id or f"sso-{digest}",
        email=identity.email.lower(),
        full_name=identity.full_name or identity.email,
        department=identity.department[:120],
    )
    person.full_clean()
    person.save()
    record_audit(
        actor=None,
        actor_label=f"sso:{identity.provider}",
        action="sso.jit_create",
        target=person,
        after={"email": person.email, "employee_id": person.employee_id},
    )
    return person


def user_for_identity(identity: Identity) -> User:
    """The login ``identity`` signs in as; ``SsoRefused`` (audited) when it may not."""
    try:
        return _resolve(identity)
    except SsoRefused as error:  # audited outside the rolled-back transaction
        _audit_refusal(identity, error)
        raise


@transaction.atomic
def _resolve(identity: Identity) -> User:
    linked = (
        SsoIdentity.objects.select_related("user", "user__person")
        .filter(provider=identity.provider, subject=identity.subject)
        .first()
    )
    if linked is not None:
        person = getattr(linked.user, "person", None)
        _check_active(identity, linked.user, person)
        linked.last_sign_in_at = clock.now()
        linked.save(update_fields=["last_sign_in_at"])
        return linked.user
    person = _find_person(identity)
    if person is None:
        if not settings.TANDEM_SSO_JIT or not identity.email:
            what = (
                f"employee id {identity.employee_id}"
                if settings.TANDEM_SSO_MATCH_BY == "employee_id"
                else f"the email {identity.email}"
            )
            detail = UNKNOWN_PERSON_DETAIL.format(what=what)
            raise _refuse(identity, SsoRefused(UNKNOWN_PERSON, detail, UNKNOWN_PERSON_HINT))
        person = _provision(identity)
    _check_active(identity, person.user, person)
    user = login_for_person(person)
    SsoIdentity.objects.create(
        user=user, provider=identity.provider, subject=identity.subject, last_sign_in_at=clock.now()
    )
    record_audit(
        actor=None,
        actor_label=f"sso:{identity.provider}",
        action="sso.link",
        target=user,
        after={"provider": identity.provider, "subject": identity.subject},
    )
    return user


def record_protocol_failure(provider: str, title: str, detail: str) -> None:
    """A response refused before anyone was identified (bad state, bad signature…)."""
    record_audit(
        actor=None,
        actor_label=f"sso:{provider}",
        action="sso.refused",
        target_type="accounts.SsoIdentity",
        after={"reason": title, "detail": detail[:500]},
    )
