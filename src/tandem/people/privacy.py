"""What the people app contributes to a person's data export and erasure."""

from __future__ import annotations

from typing import Any

from .models import PersonDemographics, Profile


def export_profile(person: Any) -> dict[str, Any] | None:
    profile = Profile.objects.filter(person=person).prefetch_related("skills__skill").first()
    if profile is None:
        return None
    return {
        "bio": profile.bio,
        "career_goals": profile.career_goals,
        "interests": profile.interests,
        "meeting_format": profile.meeting_format,
        "availability_hours_per_month": profile.availability_hours_per_month,
        "skills": [
            {"skill": s.skill.name, "kind": s.kind, "level": s.level} for s in profile.skills.all()
        ],
    }


def export_demographics(person: Any) -> dict[str, str | None] | None:
    row = PersonDemographics.objects.filter(person=person).first()
    if row is None:
        return None
    return {
        "gender": row.gender,
        "ethnicity": row.ethnicity,
        "age_band": row.age_band,
        "disability": row.disability,
        "consented_at": row.consented_at.isoformat() if row.consented_at else None,
    }


def erase_profile(person: Any) -> int:
    deleted, _ = Profile.objects.filter(person=person).delete()
    removed, _ = PersonDemographics.objects.filter(person=person).delete()
    return deleted + removed
