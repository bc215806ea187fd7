"""Forms of the engagement pages (rendering and parsing; the rules stay in the services)."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.errors import DomainError
from tandem.core.forms import IsoDateInput

from . import chat
from .events import EVENTS
from .models import ChatChannel, Intervention, NotificationPreference

DATE_INPUT = IsoDateInput()
TIME_INPUT = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
DAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class DomainErrorFormMixin:
    """Show a service's ``DomainError`` on the right fields (or on top of the form)."""

    def add_domain_error(self, exc: DomainError) -> None:
        form: Any = self
        for error in exc.errors:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        if not exc.errors:
            form.add_error(None, exc.message)


class PreferencesForm(DomainErrorFormMixin, forms.Form):
    digest = forms.ChoiceField(
        choices=NotificationPreference.Digest.choices,
        label="How emails reach you",
        help_text="Meeting invites, reminders and security notices always come at once.",
    )
    digest_day = forms.TypedChoiceField(
        choices=DAYS, coerce=int, label="Weekly digest on", help_text="In your time zone."
    )
    digest_hour = forms.TypedChoiceField(choices=HOURS, coerce=int, label="Digest hour")
    quiet_hours_start = forms.TimeField(
        required=False,
        widget=TIME_INPUT,
        label="Quiet hours from",
        help_text="Email and chat wait until the quiet hours end. Leave both empty for none.",
    )
    quiet_hours_end = forms.TimeField(required=False, widget=TIME_INPUT, label="Quiet hours until")
    chat_kind = forms.ChoiceField(
        choices=NotificationPreference.ChatKind.choices, required=False, label="Your own chat"
    )
    chat_url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label="Incoming-webhook URL",
        help_text="A Slack or Teams webhook that posts to you. Only titles and links are sent.",
    )

    def __init__(self, *args: Any, kinds: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind_rows = []
        for row in kinds:
            fields = {}
            for channel in ("in_app", "email", "chat"):
                name = f"{row['kind']}__{channel}"
                self.fields[name] = forms.BooleanField(
                    required=False,
                    initial=row[channel],
                    disabled=not row["can_silence"] and channel != "chat",
                    label=f"{row['label']}: {channel.replace('_', '-')}",
                )
                fields[channel] = name
            self.kind_rows.append({**row, "fields": {c: self[n] for c, n in fields.items()}})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_hours_start") is None) != (data.get("quiet_hours_end") is None):
            self.add_error("quiet_hours_end", "Give both times, or leave both empty.")
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        kinds = [
            {
                "kind": row["kind"],
                **{c: bool(data.get(f"{row['kind']}__{c}")) for c in ("in_app", "email", "chat")},
            }
            for row in self.kind_rows
        ]
        return {
            "digest": data["digest"],
            "digest_day": data["digest_day"],
            "digest_hour": data["digest_hour"],
            "quiet_hours_start": data.get("quiet_hours_start"),
            "quiet_hours_end": data.get("quiet_hours_end"),
            "kinds": kinds,
            "chat_kind": data.get("chat_kind") or "",
            "chat_url": data.get("chat_url") or "",
        }


class ThresholdsForm(DomainErrorFormMixin, forms.Form):
    watch_below = forms.IntegerField(
        min_value=1, max_value=100, label="Watch below", help_text="Health under this: watch."
    )
    at_risk_below = forms.IntegerField(
        min_value=1, max_value=100, label="At risk below", help_text="Health under this: at risk."
    )


class InterventionForm(DomainErrorFormMixin, forms.Form):
    action = forms.ChoiceField(choices=Intervention.Action.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Message to the members",
        help_text="Sent when you nudge the pair or ask for a check-in. Edit it freely.",
    )
    check_in_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        label="Proposed check-in time",
        help_text="In your time zone; the members get an invite.",
    )
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note",
        help_text="For the program's managers. Required when closing: the reason.",
    )
    follow_up_on = forms.DateField(required=False, widget=DATE_INPUT, label="Follow up on")


class OutcomeForm(DomainErrorFormMixin, forms.Form):
    outcome = forms.ChoiceField(choices=Intervention.Outcome.choices, required=False)
    outcome_note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What happened",
    )
    follow_up_on = forms.DateField(required=False, widget=DATE_INPUT, label="Next follow-up")


class ChannelForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=ChatChannel.Kind.choices, label="Chat")
    name = forms.CharField(required=False, max_length=100, label="Name (for you)")
    url = forms.URLField(max_length=500, assume_scheme="https", label="Incoming-webhook URL")
    events = forms.MultipleChoiceField(
        choices=list(chat.EVENTS.items()), widget=forms.CheckboxSelectMultiple, label="Post"
    )


class WebhookForm(DomainErrorFormMixin, forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https", label="Endpoint URL")
    description = forms.CharField(required=False, max_length=200)
    events = forms.MultipleChoiceField(
        choices=[
            (name, f"{name} — {text}") for name, text in EVENTS.items() if name != "webhook.test"
        ],
        widget=forms.CheckboxSelectMultiple,
    )
