"""Safe defaults for a pilot: the built-in development SECRET_KEY is public (it is in the
source), so with DEBUG off it is refused — ``tandem serve`` and ``tandem up`` will not start
(unless TANDEM_DEMO=1, a local demo) and ``tandem check --deploy`` fails."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
DEV_KEY_REFUSED = (
    "The built-in development SECRET_KEY is public and DEBUG is off: set SECRET_KEY to a "
    f"secret of your own (e.g. {GENERATE}), or TANDEM_DEMO=1 for a local demo."
)


def uses_dev_key() -> bool:
    return bool(settings.SECRET_KEY == settings.INSECURE_DEV_KEY and not settings.DEBUG)


def start_refusal() -> str | None:
    """Why a server must not start with these settings, or None."""
    if uses_dev_key() and not settings.DEMO:
        return DEV_KEY_REFUSED
    return None


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if uses_dev_key():
        return [Error(DEV_KEY_REFUSED, id="tandem.E001")]
    return []
