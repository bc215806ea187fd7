"""Form field helpers shared by every app's forms."""

from __future__ import annotations

from typing import TypeVar

from django import forms

F = TypeVar("F", bound=forms.Field)


def required_by_rule(field: F) -> F:
    """A field the form accepts empty so the service can name what is missing (the SMART
    check), or one required only in some cases (a reason when ending early): never labelled
    "(optional)"."""
    setattr(field, "required_by_rule", True)  # noqa: B010
    return field


def is_optional(field: forms.Field) -> bool:
    """Whether the label should say "(optional)": truly optional fields only."""
    return not field.required and not getattr(field, "required_by_rule", False)


class IsoDateInput(forms.DateInput):
    """``<input type=date>``: browsers accept only ISO dates (2026-12-02), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
