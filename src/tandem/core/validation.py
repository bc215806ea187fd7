"""Model validation that speaks the DomainError format (field-by-field messages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .errors import from_validation_error


def full_clean_or_raise(instance: Any, exclude: list[str] | None = None) -> None:
    """``instance.full_clean()``, raising a ``DomainError`` that names every bad field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
