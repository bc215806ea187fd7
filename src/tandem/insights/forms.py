from __future__ import annotations

from django import forms

from tandem.core.forms import IsoDateInput

from .kpis import Filters


class FilterForm(forms.Form):
    department = forms.CharField(max_length=120, required=False)
    location = forms.CharField(max_length=120, required=False)
    level = forms.IntegerField(min_value=1, max_value=20, required=False, label="Job level")
    date_from = forms.DateField(required=False, label="From", widget=IsoDateInput())
    date_to = forms.DateField(required=False, label="To", widget=IsoDateInput())

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        d = self.cleaned_data
        return Filters(d["department"], d["location"], d["level"], d["date_from"], d["date_to"])
