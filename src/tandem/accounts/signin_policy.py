"""The organisation's sign-in policy: "SSO only" with one break-glass admin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from tandem.core.audit import record_audit
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.permissions import is_org_admin

from .models import SignInPolicy, User

ADMINS_ONLY = "Only org admins can change how people sign in."
NO_SSO = "Configure OpenID Connect or SAML first: SSO only would lock everyone out."
BREAK_GLASS_REQUIRED = "Choose a break-glass admin who can still sign in with a password."
BREAK_GLASS_NOT_ADMIN = "The break-glass account must be an active org admin."
BREAK_GLASS_NO_PASSWORD = (
    "The break-glass admin has no password; set one before turning SSO only on."  # noqa: S105
)
PASSWORD_SIGN_IN_OFF = (
    "Password sign-in is turned off for this organisation: use the single sign-on button."  # noqa: S105
)


def oidc_configured() -> bool:
    return bool(
        settings.TANDEM_OIDC_ISSUER
        and settings.TANDEM_OIDC_CLIENT_ID
        and settings.TANDEM_OIDC_CLIENT_SECRET
    )


def saml_configured() -> bool:
    return bool(settings.TANDEM_SAML_IDP_METADATA)


def sso_configured() -> bool:
    return oidc_configured() or saml_configured()


def current_policy() -> SignInPolicy:
    policy = SignInPolicy.objects.select_related("break_glass_admin").first()
    return policy or SignInPolicy()


def sso_only_active() -> bool:
    return sso_configured() and current_policy().sso_only


def password_sign_in_allowed(user: Any) -> bool:
    """False when SSO only is on and ``user`` is not the break-glass admin."""
    if not sso_configured():
        return True
    policy = current_policy()
    return not policy.sso_only or policy.break_glass_admin_id == getattr(user, "pk", None)


def password_sign_in_allowed_for_email(email: str) -> bool:
    policy = current_policy()
    if not sso_configured() or not policy.sso_only:
        return True
    admin = policy.break_glass_admin
    return admin is not None and admin.email == email.strip().lower()


@transaction.atomic
def set_sign_in_policy(
    *, actor: Any, sso_only: bool, break_glass_admin_id: int | None
) -> SignInPolicy:
    """Turn SSO only on or off; audited. Refuses settings that would lock everyone out."""
    if not is_org_admin(actor):
        raise NotAllowed(ADMINS_ONLY)
    admin = None
    if break_glass_admin_id is not None:
        admin = User.objects.filter(pk=break_glass_admin_id).first()
        if admin is None or not (admin.is_active and admin.is_org_admin):
            raise DomainError(BREAK_GLASS_NOT_ADMIN, field="break_glass_admin_id")
    if sso_only:
        if not sso_configured():
            raise DomainError(NO_SSO, field="sso_only")
        if admin is None:
            raise DomainError(BREAK_GLASS_REQUIRED, field="break_glass_admin_id")
        if not admin.has_usable_password():
            raise DomainError(BREAK_GLASS_NO_PASSWORD, field="break_glass_admin_id")
    policy = SignInPolicy.objects.select_for_update().first() or SignInPolicy()
    before = {"sso_only": policy.sso_only, "break_glass_admin_id": policy.break_glass_admin_id}
    policy.sso_only = sso_only
    policy.break_glass_admin = admin
    policy.full_clean()
    policy.save()
    record_audit(
        actor=actor,
        action="sign_in_policy.update",
        target=policy,
        before=before,
        after={"sso_only": sso_only, "break_glass_admin_id": policy.break_glass_admin_id},
    )
    return policy
