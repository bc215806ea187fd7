"""Each person's notification preferences: channels per kind, quiet hours, digest.

``plan_delivery`` decides, for one message to one person, whether it shows in the feed, and
when (if at all) it is emailed or posted to their own chat: quiet hours push email and chat
to the end of the quiet period in the person's time zone; a daily or weekly digest holds
the email of every kind that is not urgent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core.errors import DomainError
from tandem.core.validation import full_clean_or_raise
from tandem.people.models import Person

from . import kinds as kind_registry
from . import urlsafety
from .common import require_self
from .models import NotificationPreference
from .models.notifications import Delivery
from .timefmt import zone_of

UNKNOWN_KIND = "“{kind}” is not a kind of message; see the kinds listed in the settings."
QUIET_BOTH = "Give both the start and the end of your quiet hours, or neither."
CHAT_URL_NEEDED = "Give the incoming-webhook URL of your chat."
CHAT_KIND_NEEDED = "Say whether the URL is a Slack or a Teams webhook."


def defaults(person: Person) -> NotificationPreference:
    return NotificationPreference(person=person)


def preferences_for(people: Iterable[Person]) -> dict[int, NotificationPreference]:
    """Everyone's preferences (unsaved defaults for those without a row), in one query."""
    people = list(people)
    rows = {
        p.person_id: p
        for p in NotificationPreference.objects.filter(person_id__in=[p.pk for p in people])
    }
    return {p.pk: rows.get(p.pk) or defaults(p) for p in people}


def channel_choice(
    pref: NotificationPreference, kind: kind_registry.MessageKind
) -> dict[str, bool]:
    """in_app / email / chat for one registered kind; unsilenceable kinds are always on."""
    chosen = (pref.kinds or {}).get(kind.key, {})
    result = {
        "in_app": bool(chosen.get("in_app", True)),
        "email": bool(chosen.get("email", kind.email_default)),
        "chat": bool(chosen.get("chat", kind.chat_default)),
    }
    if not kind.can_silence:
        result.update(in_app=True, email=True)
    return result


def quiet_until(pref: NotificationPreference, zone: str, now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet period ``now`` falls in (UTC), or None when it is not quiet."""
    start, end = pref.quiet_hours_start, pref.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    tz = zone_of(zone)
    here = now.astimezone(tz)
    clock_time = here.time().replace(tzinfo=None)
    if start < end:
        quiet = start <= clock_time < end
        end_day = here.date()
    else:  # wraps midnight, e.g. 21:00–07:00
        quiet = clock_time >= start or clock_time < end
        end_day = here.date() + dt.timedelta(days=1) if clock_time >= start else here.date()
    if not quiet:
        return None
    return dt.datetime.combine(end_day, end, tzinfo=tz).astimezone(dt.UTC)


@dataclass(frozen=True)
class Plan:
    in_app: bool
    email_state: str
    email_after: dt.datetime | None
    chat_state: str
    chat_after: dt.datetime | None


def plan_delivery(
    pref: NotificationPreference,
    person: Person,
    notification_kind: str,
    now: dt.datetime,
    *,
    email: bool = True,
) -> Plan:
    kind = kind_registry.kind_for(notification_kind)
    choice = channel_choice(pref, kind)
    wait = None if kind.ignores_quiet_hours else quiet_until(pref, person.time_zone, now)
    email_state = Delivery.NONE
    if email and choice["email"] and person.email:
        digesting = pref.digest != NotificationPreference.Digest.IMMEDIATE and not kind.urgent
        email_state = Delivery.HELD if digesting else Delivery.PENDING
    chat_state = Delivery.NONE
    if choice["chat"] and pref.chat_url and pref.pk:
        chat_state = Delivery.PENDING
    return Plan(
        in_app=choice["in_app"],
        email_state=email_state,
        email_after=wait or now,
        chat_state=chat_state,
        chat_after=wait or now,
    )


# --- changing them ------------------------------------------------------------------------


def _kinds(items: list[dict[str, Any]], current: dict[str, Any]) -> dict[str, Any]:
    known = {k.key: k for k in kind_registry.all_kinds()}
    result = dict(current)
    for index, item in enumerate(items):
        key = item.get("kind", "")
        if key not in known:
            raise DomainError(UNKNOWN_KIND.format(kind=key), field=f"kinds.{index}.kind")
        if not known[key].can_silence:
            continue  # shown as on; such kinds cannot be turned off
        result[key] = {c: bool(item.get(c, True)) for c in kind_registry.CHANNELS}
    return result


@transaction.atomic
def update_preferences(
    *, actor: Any, person: Person, data: dict[str, Any]
) -> NotificationPreference:
    """Replace the fields given in ``data`` (a person edits only their own)."""
    require_self(actor, person)
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(person=person)
    for name in ("digest", "digest_day", "digest_hour"):
        if data.get(name) is not None:
            setattr(pref, name, data[name])
    if "quiet_hours_start" in data or "quiet_hours_end" in data:
        start, end = data.get("quiet_hours_start"), data.get("quiet_hours_end")
        if (start is None) != (end is None):
            field = "quiet_hours_end" if end is None else "quiet_hours_start"
            raise DomainError(QUIET_BOTH, field=field)
        pref.quiet_hours_start, pref.quiet_hours_end = start, end
    if data.get("kinds") is not None:
        pref.kinds = _kinds(list(data["kinds"]), pref.kinds or {})
    if "chat_url" in data or "chat_kind" in data:
        _set_chat(pref, data.get("chat_kind") or "", (data.get("chat_url") or "").strip())
    full_clean_or_raise(pref, exclude=["person"])
    pref.save()
    return pref


def _set_chat(pref: NotificationPreference, kind: str, url: str) -> None:
    if kind and not url:
        raise DomainError(CHAT_URL_NEEDED, field="chat_url")
    if url and not kind:
        raise DomainError(CHAT_KIND_NEEDED, field="chat_kind")
    if url:
        urlsafety.check_url(url, field="chat_url")
    pref.chat_kind, pref.chat_url = kind, url


def kinds_table(pref: NotificationPreference) -> list[dict[str, Any]]:
    """Every registered kind with the person's choice per channel (for the page and API)."""
    return [
        {
            "kind": kind.key,
            "label": kind.label,
            "description": kind.description,
            "can_silence": kind.can_silence,
            **channel_choice(pref, kind),
        }
        for kind in kind_registry.all_kinds()
    ]


@transaction.atomic
def unsubscribe(*, person: Person, kind: str) -> list[str]:
    """Turn email off for ``kind`` (or, for ``"all"``, every kind that can be silenced).
    No login: the caller has checked the signed token. Returns the kinds turned off."""
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(person=person)
    known = {k.key: k for k in kind_registry.all_kinds()}
    targets = [k for k in known.values() if k.can_silence] if kind == "all" else []
    if kind in known and known[kind].can_silence:
        targets = [known[kind]]
    chosen = dict(pref.kinds or {})
    for target in targets:
        chosen[target.key] = {**channel_choice(pref, target), "email": False}
    pref.kinds = chosen
    pref.save(update_fields=["kinds", "updated_at"])
    return [t.key for t in targets]
