"""Password sign-in that honours the "SSO only" setting (login page and API token alike)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .signin_policy import password_sign_in_allowed


class PasswordPolicyBackend(ModelBackend):
    """Django's ModelBackend, refusing passwords when SSO-only is on (break-glass admin
    excepted). Session restore (``get_user``) is untouched, so SSO sessions keep working."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not password_sign_in_allowed(user):
            return None
        return user
