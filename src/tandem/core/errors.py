"""Errors users can read.

Services raise these; views turn them into form errors and the API into the 4xx body
described in API.md: ``{"detail": ..., "errors": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """A business rule refused the request. HTTP 400 unless a subclass says otherwise."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        errors: list[FieldError] | None = None,
        status_code: int = 400,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.status_code = status_code
        self.headers: dict[str, str] = {}
        self.errors = list(errors or ([FieldError(field, message)] if field else []))

    def __str__(self) -> str:
        return self.message


class ConflictError(DomainError):
    """The request conflicts with the object's current state. HTTP 409."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field, status_code=409)


class RateLimited(DomainError):  # noqa: N818 — reads as a verdict
    """Too many attempts: HTTP 429 with ``Retry-After`` (seconds)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, status_code=429)
        self.retry_after = max(1, retry_after)
        self.headers["Retry-After"] = str(self.retry_after)


class NotAllowed(DomainError):  # noqa: N818 — reads as a verdict
    """Authenticated, but this actor may not do this. HTTP 403."""

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message, status_code=403)


def from_validation_error(exc: object) -> DomainError:
    """Convert a Django ``ValidationError`` into a DomainError listing every field's messages."""
    from django.core.exceptions import ValidationError

    assert isinstance(exc, ValidationError)
    errors: list[FieldError] = []
    if hasattr(exc, "error_dict"):
        for name, field_errors in exc.message_dict.items():
            errors.extend(FieldError(name, message) for message in field_errors)
    else:
        errors.extend(FieldError("__all__", message) for message in exc.messages)
    first = errors[0].message if errors else "Invalid input."
    return DomainError(first, errors=errors)
