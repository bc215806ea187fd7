"""Account writes: API tokens, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.permissions import can_manage_roles

from . import throttle
from .models import ApiToken, SignInPolicy, User

INVALID_CREDENTIALS = "Email or password is incorrect."
ACCOUNT_DISABLED = "This account is disabled."
CANNOT_DEMOTE_SELF = (
    "You are the last org admin: make someone else an org admin before removing your own role."
)
BREAK_GLASS_ROLE = "This is the break-glass admin of SSO only: choose another one first."
SESSION_TOKEN_LIFETIME = dt.timedelta(days=30)
PERSONAL_TOKEN_DAYS = 90
MAX_PERSONAL_TOKEN_DAYS = 366
BAD_EXPIRY = f"Choose an expiry between 1 and {MAX_PERSONAL_TOKEN_DAYS} days, or none."
_TOKEN_PREFIX = "tdm_"  # noqa: S105 — a public prefix, not a secret


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    *,
    user: User,
    kind: str = ApiToken.Kind.SESSION,
    name: str = "",
    lifetime: dt.timedelta | None = SESSION_TOKEN_LIFETIME,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the clear token (shown once).
    ``lifetime=None``: it never expires (personal tokens only, on request)."""
    clear = _TOKEN_PREFIX + secrets.token_urlsafe(32)
    if kind == ApiToken.Kind.SESSION:
        lifetime = SESSION_TOKEN_LIFETIME
    expires = clock.now() + lifetime if lifetime is not None else None
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name[:100],
        prefix=clear[:12],
        digest=_digest(clear),
        expires_at=expires,
    )
    return token, clear


def obtain_token(*, email: str, password: str, address: str = "") -> str:
    """Exchange email + password for a session API token (throttled: ``throttle``)."""
    throttle.check(email=email, address=address)
    user = authenticate(username=email.strip().lower(), password=password)
    if user is None:
        throttle.record_failure(email=email, address=address)
        raise DomainError(INVALID_CREDENTIALS, status_code=401)
    assert isinstance(user, User)
    throttle.record_success(email=email)
    _, clear = issue_token(user=user)
    return clear


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None. Records last use (at most per minute)."""
    if not token.startswith(_TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    now = clock.now()
    if row is None or not row.user.is_active or (row.expires_at and row.expires_at < now):
        return None
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def create_personal_token(
    *, user: User, name: str, expires_in_days: int | None = PERSONAL_TOKEN_DAYS
) -> tuple[ApiToken, str]:
    """A personal integration token; it expires after ``expires_in_days`` (``None``: never)."""
    if not name.strip():
        raise DomainError("Give the token a name so you can recognise it later.", field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_PERSONAL_TOKEN_DAYS:
        raise DomainError(BAD_EXPIRY, field="expires_in_days")
    lifetime = dt.timedelta(days=expires_in_days) if expires_in_days is not None else None
    token, clear = issue_token(
        user=user, kind=ApiToken.Kind.PERSONAL, name=name.strip(), lifetime=lifetime
    )
    after = {"name": token.name, "expires_at": token.expires_at}
    record_audit(actor=user, action="token.create", target=token, after=after)
    return token, clear


def revoke_session_tokens(*, user: User, reason: str) -> int:
    """End every session token of ``user`` (a password change or reset); audited."""
    deleted, _ = ApiToken.objects.filter(user=user, kind=ApiToken.Kind.SESSION).delete()
    if deleted:
        record_audit(actor=user, action="token.revoke_sessions", target=user, after={
            "reason": reason, "tokens": deleted})  # fmt: skip
    return deleted


def revoke_tokens_of_deactivated(*, person: Any, actor_label: str) -> None:
    """A deactivation hook (``tandem.people.lifecycle``): a gone person's tokens all go."""
    if person.user_id is None:
        return
    deleted, _ = ApiToken.objects.filter(user_id=person.user_id).delete()
    if deleted:
        record_audit(
            actor=None,
            actor_label=actor_label,
            action="token.revoke_all",
            target_type="accounts.User",
            target_id=person.user_id,
            after={"reason": "deactivated", "tokens": deleted},
        )


def revoke_token(*, user: User, token_id: int) -> None:
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise DomainError("No such token.", status_code=404)
    record_audit(actor=user, action="token.revoke", target=token, before={"name": token.name})
    token.delete()


@transaction.atomic
def set_user_roles(*, actor: User, user: User, is_org_admin: bool, is_leader: bool) -> User:
    """Grant or remove organisation roles. Org admins only; audited."""
    if not can_manage_roles(actor):
        raise NotAllowed("Only org admins can change roles.")
    if user.is_org_admin and not is_org_admin:
        others = User.objects.filter(is_org_admin=True, is_active=True).exclude(pk=user.pk)
        if actor.pk == user.pk and not others.exists():
            raise DomainError(CANNOT_DEMOTE_SELF, field="is_org_admin")
        policy = SignInPolicy.objects.filter(sso_only=True, break_glass_admin=user)
        if policy.exists():
            raise DomainError(BREAK_GLASS_ROLE, field="is_org_admin")
    before = snapshot(user, ["is_org_admin", "is_leader"])
    user.is_org_admin = is_org_admin
    user.is_leader = is_leader
    user.save(update_fields=["is_org_admin", "is_leader"])
    record_audit(
        actor=actor,
        action="user.roles",
        target=user,
        before=before,
        after=snapshot(user, ["is_org_admin", "is_leader"]),
    )
    return user


def login_for_person(person: Any) -> User:
    """The person's login, made (without a password: SSO or a reset sets one) if missing."""
    if person.user is not None:
        return person.user  # type: ignore[no-any-return]
    user = User.objects.filter(email__iexact=person.email, person__isnull=True).first()
    if user is None:
        user = User.objects.create_user(email=person.email, password=None)
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def set_person_roles(*, actor: Any, person: Any, is_org_admin: bool, is_leader: bool) -> User:
    """``PUT /people/{id}/roles``: roles of a directory entry (its login is made if needed)."""
    if not can_manage_roles(actor):
        raise NotAllowed("Only org admins can change roles.")
    return set_user_roles(
        actor=actor, user=login_for_person(person), is_org_admin=is_org_admin, is_leader=is_leader
    )
