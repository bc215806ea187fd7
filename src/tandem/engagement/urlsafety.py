"""Which URLs Tandem may send to: chat webhooks, integrators' webhooks, personal chat.

Only ``https`` to public addresses, unless the operator sets
``TANDEM_WEBHOOK_ALLOW_PRIVATE=true`` (tests, on-premise receivers): then plain ``http`` and
private, loopback and link-local addresses are allowed too. The host is resolved when the URL
is saved and again before every send, so a name that later points inside the network is
refused then (``UnsafeUrl``).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from tandem.core.errors import DomainError

NOT_HTTPS = "Use an https:// URL."
NOT_HTTP = "Use an http:// or https:// URL."
NO_HOST = "The URL has no host name."
UNRESOLVABLE = "The host “{host}” cannot be resolved."
PRIVATE = (
    "The host “{host}” resolves to a private, loopback or link-local address ({address}); "
    "the operator can allow such receivers with TANDEM_WEBHOOK_ALLOW_PRIVATE=true."
)
TOO_LONG = "Keep the URL under 500 characters."


class UnsafeUrl(Exception):  # noqa: N818 — reads as a verdict
    """Raised at send time: the URL no longer passes ``check_url``."""


def allow_private() -> bool:
    return bool(getattr(settings, "TANDEM_WEBHOOK_ALLOW_PRIVATE", False))


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", maxsplit=1)[0])
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, field: str = "url") -> str:
    """Raise ``DomainError`` (naming ``field``) unless Tandem may send to ``url``."""
    if len(url) > 500:
        raise DomainError(TOO_LONG, field=field)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "https://a]b": an unbalanced IPv6 bracket
        raise DomainError(NO_HOST, field=field) from None
    private_ok = allow_private()
    if parts.scheme not in ({"http", "https"} if private_ok else {"https"}):
        raise DomainError(NOT_HTTP if private_ok else NOT_HTTPS, field=field)
    host = parts.hostname
    if not host:
        raise DomainError(NO_HOST, field=field)
    if private_ok:
        return url
    try:
        port = parts.port or 443
    except ValueError:
        raise DomainError(NO_HOST, field=field) from None
    addresses = _addresses(host, port)
    if not addresses:
        raise DomainError(UNRESOLVABLE.format(host=host), field=field)
    for address in addresses:
        if not _is_public(address):
            raise DomainError(PRIVATE.format(host=host, address=address), field=field)
    return url


def check_before_send(url: str) -> None:
    try:
        check_url(url)
    except DomainError as exc:
        raise UnsafeUrl(exc.message) from exc
