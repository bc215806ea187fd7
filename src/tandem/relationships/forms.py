"""Forms for the relationship pages (rendering and parsing; the rules stay in services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from tandem.core import clock
from tandem.core.errors import DomainError
from tandem.core.forms import IsoDateInput, required_by_rule
from tandem.people.models import Person, available_time_zones

from .models import Goal, Meeting, Note, Relationship

REPEAT_CHOICES = [
    ("", "Does not repeat"),
    ("7", "Every week"),
    ("14", "Every 2 weeks"),
    ("21", "Every 3 weeks"),
    ("28", "Every 4 weeks"),
]
DATE_INPUT = IsoDateInput()


class DomainErrorFormMixin:
    """Show a service's ``DomainError`` on the right fields (or on top of the form)."""

    def add_domain_error(self, exc: DomainError) -> None:
        form: Any = self
        placed = False
        for error in exc.errors:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
                placed = True
            else:
                form.add_error(None, error.message)
                placed = True
        if not placed:
            form.add_error(None, exc.message)


class AgreementForm(DomainErrorFormMixin, forms.Form):
    notes = forms.CharField(
        label="Your own points",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything you would like to add: how you prefer to meet, what to expect.",
    )


class GoalForm(DomainErrorFormMixin, forms.Form):
    """The form accepts empty parts so that the SMART check names each missing one; they are
    still required, so none is labelled optional."""

    title = required_by_rule(
        forms.CharField(
            label="Specific — the goal",
            required=False,
            max_length=200,
            help_text="What exactly will change? e.g. “Lead the quarterly planning workshop”.",
        )
    )
    metric = required_by_rule(
        forms.CharField(
            label="Measurable — how you will know",
            required=False,
            max_length=500,
            help_text="A number, a deliverable or a yes/no.",
        )
    )
    plan = required_by_rule(
        forms.CharField(
            label="Achievable — the plan",
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The steps, and the support you need.",
        )
    )
    relevance = required_by_rule(
        forms.CharField(
            label="Relevant — why it matters",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    )
    due_on = required_by_rule(
        forms.DateField(label="Time-bound — due date", required=False, widget=DATE_INPUT)
    )
    status = forms.ChoiceField(
        choices=[(Goal.Status.ACTIVE, "Start now"), (Goal.Status.DRAFT, "Keep as a draft")],
        initial=Goal.Status.ACTIVE,
    )


class GoalProgressForm(DomainErrorFormMixin, forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices)
    progress = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        label="Progress (%)",
        help_text="Leave empty to follow the milestones (done / total).",
    )


class MilestoneForm(DomainErrorFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label="New milestone")
    due_on = forms.DateField(required=False, widget=DATE_INPUT, label="Due")


class CommentForm(DomainErrorFormMixin, forms.Form):
    body = forms.CharField(
        label="Comment", max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _zone_choices(first: list[str]) -> list[tuple[str, str]]:
    preferred = list(dict.fromkeys(z for z in first if z))
    rest = sorted(z for z in available_time_zones() if z not in preferred)
    return [(z, z) for z in preferred] + [(z, z) for z in rest]


class MeetingForm(DomainErrorFormMixin, forms.Form):
    date = forms.DateField(widget=DATE_INPUT)
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(
        help_text="The time above is read in this zone; both of you see it in your own."
    )
    duration_minutes = forms.IntegerField(
        min_value=5, max_value=480, initial=45, label="Duration (minutes)"
    )
    format = forms.ChoiceField(choices=Meeting.Format.choices, initial=Meeting.Format.VIDEO)
    location = forms.CharField(required=False, max_length=500, label="Location or link")
    agenda = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    repeat_every_days = forms.TypedChoiceField(
        choices=REPEAT_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
        label="Repeat",
        help_text="Repeats at the same local time until the program ends.",
    )

    def __init__(
        self,
        *args: Any,
        scheduler: Person | None,
        members: list[Person],
        agenda: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        mine = scheduler.time_zone if scheduler else "UTC"
        zone_field: Any = self.fields["time_zone"]
        zone_field.choices = _zone_choices([mine, *(p.time_zone for p in members)])
        if not self.is_bound:
            tomorrow = clock.now().astimezone(dt.UTC).date() + dt.timedelta(days=1)
            self.initial.update(time_zone=mine, agenda=agenda, date=tomorrow, time=dt.time(10, 0))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_at": dt.datetime.combine(data["date"], data["time"]),
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "format": data["format"],
            "location": data["location"],
            "agenda": data["agenda"],
            "repeat_every_days": data["repeat_every_days"],
        }


class PulseForm(DomainErrorFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        label="How useful was this meeting? (1 = not at all, 5 = very)",
    )
    good_fit = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "Not really")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Is this relationship a good fit?",
        initial="yes",
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only you can read it.",
    )


class NoteForm(DomainErrorFormMixin, forms.Form):
    body = forms.CharField(label="Note", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        choices=Note.Visibility.choices, initial="shared", widget=forms.RadioSelect
    )
    meeting_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatusForm(DomainErrorFormMixin, forms.Form):
    status = forms.ChoiceField(label="Change to")
    reason = required_by_rule(
        forms.CharField(
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Required when ending early.",
        )
    )

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = {
            "pending": [("ended", "End early")],
            "active": [("paused", "Pause"), ("completed", "Complete"), ("ended", "End early")],
            "paused": [("active", "Resume"), ("completed", "Complete"), ("ended", "End early")],
        }
        status_field: Any = self.fields["status"]
        status_field.choices = options.get(relationship.status, [])


class RelationshipCreateForm(DomainErrorFormMixin, forms.Form):
    mentor = forms.ChoiceField(label="Mentor")
    mentee = forms.ChoiceField(label="Mentee")

    def __init__(self, *args: Any, mentors: list[Any], mentees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentor_field: Any = self.fields["mentor"]
        mentee_field: Any = self.fields["mentee"]
        mentor_field.choices = [(p.pk, f"{p.person.full_name} ({p.person.title})") for p in mentors]
        mentee_field.choices = [(p.pk, f"{p.person.full_name} ({p.person.title})") for p in mentees]


class LogMeetingForm(DomainErrorFormMixin, forms.Form):
    """A meeting that already happened: logged as held, so its pulse opens at once."""

    date = forms.DateField(widget=IsoDateInput())
    time = forms.TimeField(widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    time_zone = forms.ChoiceField(help_text="The time above is read in this zone.")
    duration_minutes = forms.IntegerField(
        min_value=5, max_value=480, initial=30, label="Duration (minutes)"
    )
    format = forms.ChoiceField(choices=Meeting.Format.choices, initial=Meeting.Format.IN_PERSON)
    agenda = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What you talked about",
        help_text="Shared with the other member(s) only.",
    )

    def __init__(
        self, *args: Any, person: Person | None, members: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        mine = person.time_zone if person else "UTC"
        zone_field: Any = self.fields["time_zone"]
        zone_field.choices = _zone_choices([mine, *(p.time_zone for p in members)])
        if not self.is_bound:
            here = clock.now().astimezone(_tz(mine))
            self.initial.update(time_zone=mine, date=here.date(), time=dt.time(here.hour, 0))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_at": dt.datetime.combine(data["date"], data["time"]),
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "format": data["format"],
            "agenda": data["agenda"],
        }


def _tz(name: str) -> dt.tzinfo:
    import zoneinfo

    return zoneinfo.ZoneInfo(name) if name in available_time_zones() else dt.UTC
