"""Provisioning tokens: made by an org admin, shown once, stored hashed, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import ConflictError, DomainError, NotAllowed

from ..models import ScimToken
from ..permissions import can_manage_provisioning

TOKEN_PREFIX = "tdmscim_"  # noqa: S105 — a public prefix, not a secret
ADMINS_ONLY = "Only org admins can manage provisioning tokens."
NAME_REQUIRED = "Give the token a name, e.g. the identity provider it is for."
NO_SUCH_TOKEN = "No such provisioning token."  # noqa: S105 — a message
ALREADY_REVOKED = "This token is already revoked."


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def list_scim_tokens(*, actor: Any) -> QuerySet[ScimToken]:
    if not can_manage_provisioning(actor):
        raise NotAllowed(ADMINS_ONLY)
    return ScimToken.objects.select_related("created_by")


@transaction.atomic
def create_scim_token(*, actor: Any, name: str) -> tuple[ScimToken, str]:
    """A new provisioning token; returns the row and the clear token (shown once)."""
    if not can_manage_provisioning(actor):
        raise NotAllowed(ADMINS_ONLY)
    name = name.strip()
    if not name:
        raise DomainError(NAME_REQUIRED, field="name")
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken(name=name[:100], prefix=clear[:16], digest=digest(clear), created_by=actor)
    token.full_clean()
    token.save()
    record_audit(actor=actor, action="scim_token.create", target=token, after={"name": token.name})
    return token, clear


@transaction.atomic
def revoke_scim_token(*, actor: Any, token_id: int) -> ScimToken:
    if not can_manage_provisioning(actor):
        raise NotAllowed(ADMINS_ONLY)
    token = ScimToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise DomainError(NO_SUCH_TOKEN, status_code=404)
    if token.revoked_at is not None:
        raise ConflictError(ALREADY_REVOKED)
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    record_audit(actor=actor, action="scim_token.revoke", target=token, before={"name": token.name})
    return token


def find_scim_token(clear: str) -> tuple[ScimToken | None, str]:
    """The token a bearer value names, and why it is refused ("" when it is valid)."""
    if not clear.startswith(TOKEN_PREFIX):
        return None, "not a Tandem provisioning token"
    token = ScimToken.objects.filter(digest=digest(clear)).first()
    if token is None:
        return None, "unknown token"
    if token.revoked_at is not None:
        return token, "token revoked"
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, ""
