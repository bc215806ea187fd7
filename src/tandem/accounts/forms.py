"""Sign-in and password-reset forms that honour the "SSO only" setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from tandem.core.errors import RateLimited

from . import throttle
from .signin_policy import (
    PASSWORD_SIGN_IN_OFF,
    password_sign_in_allowed,
    password_sign_in_allowed_for_email,
)


class SignInForm(AuthenticationForm):
    """Throttled (``throttle``): a locked account or address is refused before the password
    is checked; ``retry_after`` then holds the seconds to wait."""

    retry_after: int | None = None

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        if email and not password_sign_in_allowed_for_email(email):
            raise forms.ValidationError(PASSWORD_SIGN_IN_OFF, code="sso_only")
        address = throttle.client_address(self.request)
        if email:
            try:
                throttle.check(email=email, address=address)
            except RateLimited as exc:
                self.retry_after = exc.retry_after
                raise forms.ValidationError(exc.message, code="locked") from exc
        try:
            cleaned = super().clean()
        except forms.ValidationError as exc:
            if email and getattr(exc, "code", None) == "invalid_login":
                throttle.record_failure(email=email, address=address)
            raise
        if email:
            throttle.record_success(email=email)
        return cleaned


class SsoAwarePasswordResetForm(PasswordResetForm):
    """No reset email for people who must sign in with SSO (Django already skips logins
    without a usable password, which is every login SSO created)."""

    def get_users(self, email: str) -> Iterator[Any]:
        return (user for user in super().get_users(email) if password_sign_in_allowed(user))


class RevokingPasswordChangeForm(PasswordChangeForm):
    """A new password ends every session token from /auth/token (personal tokens stay)."""

    def save(self, commit: bool = True) -> Any:
        from .services import revoke_session_tokens

        user = super().save(commit=commit)
        if commit:
            revoke_session_tokens(user=user, reason="password.change")
        return user


class RevokingSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """The password-reset form: a new password ends every session token too."""

    def save(self, commit: bool = True) -> Any:
        from .services import revoke_session_tokens

        user = super().save(commit=commit)
        if commit:
            revoke_session_tokens(user=user, reason="password.reset")
        return user
