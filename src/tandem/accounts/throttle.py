"""Sign-in throttling: failed password sign-ins are counted per account and per client
address in the database (so every worker process shares them).

* ``TANDEM_SIGNIN_MAX_FAILURES`` failures for one email address (known or not — the answer
  never tells which) within ``TANDEM_SIGNIN_WINDOW_SECONDS`` lock that account for
  ``TANDEM_SIGNIN_LOCKOUT_SECONDS``; ``TANDEM_SIGNIN_MAX_FAILURES_PER_ADDRESS`` failures from
  one client address lock the address. While locked even the right password is refused.
* A successful sign-in clears the account's count (not the address's).
* An org admin unlocks a key on the *Sign-in locks* page or with
  ``DELETE /api/v1/auth/locks/{id}``; locks and unlocks are audited.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import NotAllowed, RateLimited
from tandem.core.permissions import is_org_admin

from .models import SignInThrottle

LOCKED = "Too many failed sign-in attempts. Try again in {minutes}, or ask an org admin to unlock."
ONLY_ADMINS = "Only org admins can see and lift sign-in locks."


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    header = settings.TANDEM_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[-1].strip()[:254]
    return str(request.META.get("REMOTE_ADDR", ""))[:254]


def _keys(email: str, address: str) -> list[tuple[str, str, int]]:
    keys = [(SignInThrottle.Scope.ACCOUNT, email.strip().lower()[:254], 0)]
    if address:
        keys.append((SignInThrottle.Scope.ADDRESS, address, 0))
    limits = {
        SignInThrottle.Scope.ACCOUNT: settings.TANDEM_SIGNIN_MAX_FAILURES,
        SignInThrottle.Scope.ADDRESS: settings.TANDEM_SIGNIN_MAX_FAILURES_PER_ADDRESS,
    }
    return [(scope, key, limits[scope]) for scope, key, _ in keys if key]


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def check(*, email: str, address: str) -> None:
    """Raise ``RateLimited`` (429, Retry-After) if the account or the address is locked."""
    now = clock.now()
    keys = [(scope, key) for scope, key, _ in _keys(email, address)]
    locked = [
        row
        for row in SignInThrottle.objects.filter(locked_until__gt=now)
        .filter(scope__in=[s for s, _ in keys], key__in=[k for _, k in keys])
        .order_by("-locked_until")
        if (row.scope, row.key) in keys
    ]
    if locked:
        assert locked[0].locked_until is not None
        seconds = math.ceil((locked[0].locked_until - now).total_seconds())
        raise RateLimited(LOCKED.format(minutes=_minutes(seconds)), retry_after=seconds)


@transaction.atomic
def record_failure(*, email: str, address: str) -> None:
    now = clock.now()
    window = dt.timedelta(seconds=settings.TANDEM_SIGNIN_WINDOW_SECONDS)
    _prune(now - window)
    for scope, key, limit in _keys(email, address):
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_started_at": now, "last_failure_at": now}
        )
        expired_lock = row.locked_until is not None and row.locked_until <= now
        if expired_lock or now - row.window_started_at > window:
            row.failures, row.window_started_at, row.locked_until = 0, now, None
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= limit and row.locked_until is None:
            row.locked_until = now + dt.timedelta(seconds=settings.TANDEM_SIGNIN_LOCKOUT_SECONDS)
            record_audit(
                actor=None,
                actor_label="sign-in throttle",
                action="signin.lock",
                target_type="accounts.SignInThrottle",
                target_id=row.pk,
                after={"scope": scope, "key": key, "failures": row.failures},
            )
        row.save()


def _prune(before: dt.datetime) -> None:
    """Forget counts that can no longer lock anything (no lock, or one that has ended)."""
    stale = Q(locked_until__isnull=True) | Q(locked_until__lte=clock.now())
    SignInThrottle.objects.filter(stale, last_failure_at__lt=before).delete()


def record_success(*, email: str) -> None:
    SignInThrottle.objects.filter(
        scope=SignInThrottle.Scope.ACCOUNT, key=email.strip().lower()
    ).delete()


def active_locks(*, actor: Any) -> QuerySet[SignInThrottle]:
    if not is_org_admin(actor):
        raise NotAllowed(ONLY_ADMINS)
    return SignInThrottle.objects.filter(locked_until__gt=clock.now()).order_by("locked_until")


@transaction.atomic
def unlock(*, actor: Any, lock: SignInThrottle) -> None:
    if not is_org_admin(actor):
        raise NotAllowed(ONLY_ADMINS)
    record_audit(
        actor=actor,
        action="signin.unlock",
        target_type="accounts.SignInThrottle",
        target_id=lock.pk,
        before={"scope": lock.scope, "key": lock.key, "failures": lock.failures},
    )
    lock.delete()
