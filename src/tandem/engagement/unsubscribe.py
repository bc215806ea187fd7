"""One-click unsubscribe links: a signed token naming a person and a kind of message.

No login is needed (RFC 8058): the token is the proof. It never expires, because a link in
an old email must keep working. A kind that cannot be silenced yields a token for ``"all"``
— every kind that can be turned off.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "tandem.engagement.unsubscribe"
ALL = "all"


def make_token(person_id: int, kind: str) -> str:
    return signing.dumps({"p": person_id, "k": kind}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    return data["p"], str(data.get("k") or ALL)


def unsubscribe_path(person_id: int, kind: str) -> str:
    return reverse("engagement:unsubscribe", args=[make_token(person_id, kind)])
