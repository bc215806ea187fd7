from __future__ import annotations

from typing import Any

from django import forms

from tandem.programs.models import Program

from .forms import FilterForm
from .reach import GROUPING_LABELS


class ReachForm(FilterForm):
    """The dashboard filters, plus the program (or all you may see) and the grouping."""

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"] = forms.TypedChoiceField(
            required=False,
            coerce=int,
            empty_value=None,
            label="Program",
            choices=[("", "All programs"), *((p.pk, p.name) for p in programs)],
        )
        self.fields["by"] = forms.ChoiceField(
            required=False, label="Group by", choices=list(GROUPING_LABELS.items())
        )
        self.order_fields(["program", "by"])

    def program_id(self) -> int | None:
        return self.cleaned_data.get("program") if self.is_valid() else None

    def grouping(self) -> str:
        return (self.cleaned_data.get("by") if self.is_valid() else "") or "department"
