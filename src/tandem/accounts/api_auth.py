"""How the API knows who is calling: a bearer token or the browser's session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .services import user_for_token


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: session tokens from /auth/token and personal tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Django session cookie (browser pages calling the API); CSRF is enforced by ninja.

    A request that sends a bearer token is a script, not a browser page: when the token is
    wrong the answer is 401, not the session's "CSRF check failed"."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [BearerTokenAuth(), ActiveSessionAuth()]
