"""Forms for the directory pages (rendering and parsing; rules stay in services)."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.errors import DomainError

from .models import Person, Profile
from .services import SkillLevel

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A CSV or XLSX export of your HR system.")
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Check only (dry run): validate without writing"
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB.")
        return upload


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _parse_expertise(text: str) -> list[SkillLevel]:
    """One skill per line or comma, optionally ``Skill:level`` (level 1–5)."""
    items = []
    for part in _split(text):
        name, _, level = part.rpartition(":") if ":" in part else (part, "", "")
        if not level.strip().isdigit():
            raise forms.ValidationError(f"“{part}”: write the level as a number 1–5, e.g. SQL:4")
        items.append(SkillLevel(name.strip(), int(level)) if name else SkillLevel(part, 3))
    return items


class ProfileForm(forms.Form):
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000)
    expertise = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Skills you can mentor in, with your level 1–5: “SQL:4, Negotiation:3”.",
    )
    development_goals = forms.CharField(
        required=False, label="Skills to develop", help_text="Comma-separated skill names."
    )
    career_goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    interests = forms.CharField(required=False, help_text="Outside work, comma-separated.")
    languages = forms.CharField(required=False, help_text="Comma-separated, e.g. English, Spanish.")
    meeting_format = forms.ChoiceField(choices=Profile.MeetingFormat.choices)
    availability_hours_per_month = forms.IntegerField(min_value=0, max_value=160, initial=2)

    def __init__(self, *args: Any, person: Person, profile: Profile | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if profile is not None and not self.is_bound:
            skills = list(profile.skills.all())
            self.initial.update(
                bio=profile.bio,
                career_goals=profile.career_goals,
                interests=", ".join(profile.interests),
                meeting_format=profile.meeting_format,
                availability_hours_per_month=profile.availability_hours_per_month,
                expertise=", ".join(
                    f"{s.skill.name}:{s.level or 3}" for s in skills if s.kind == "expertise"
                ),
                development_goals=", ".join(
                    s.skill.name for s in skills if s.kind == "development"
                ),
            )
        if not self.is_bound:
            self.initial["languages"] = ", ".join(person.languages)

    def clean_expertise(self) -> list[SkillLevel]:
        return _parse_expertise(self.cleaned_data.get("expertise", ""))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "bio": data["bio"],
            "career_goals": data["career_goals"],
            "interests": _split(data["interests"]),
            "languages": _split(data["languages"]),
            "meeting_format": data["meeting_format"],
            "availability_hours_per_month": data["availability_hours_per_month"],
            "expertise": data["expertise"],
            "development_goals": _split(data["development_goals"]),
        }

    def add_domain_error(self, exc: DomainError) -> None:
        for error in exc.errors or []:
            field = {"skills": "expertise"}.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
        if not exc.errors:
            self.add_error(None, exc.message)
