"""Writes to the people directory: people, profiles. Every write is checked and audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core.audit import changed, record_audit, snapshot
from tandem.core.errors import DomainError, FieldError, NotAllowed
from tandem.core.validation import full_clean_or_raise

from . import permissions
from .models import Person, Profile, ProfileSkill, Skill
from .selectors import management_chain_ids, resolve_skill_names

MANAGER_CYCLE = "This manager would create a cycle: {manager} already reports to {person}."
MANAGER_NOT_FOUND = "No person with id {manager_id}."
SELF_MANAGER = "A person cannot be their own manager."
UNKNOWN_SKILLS = "Unknown skill(s): {names}. Pick skills from the taxonomy."
DUPLICATE_SKILL = "“{name}” is listed twice."
PERSON_FIELDS = (
    "employee_id",
    "email",
    "full_name",
    "title",
    "department",
    "location",
    "time_zone",
    "hire_date",
    "job_level",
    "languages",
    "status",
    "employment_start",
    "employment_end",
)


def check_manager(person: Person, manager_id: int | None) -> Person | None:
    if manager_id is None:
        return None
    if person.pk is not None and manager_id == person.pk:
        raise DomainError(SELF_MANAGER, field="manager_id")
    manager = Person.objects.filter(pk=manager_id).first()
    if manager is None:
        raise DomainError(MANAGER_NOT_FOUND.format(manager_id=manager_id), field="manager_id")
    if person.pk is not None and person.pk in management_chain_ids(manager.pk):
        message = MANAGER_CYCLE.format(manager=manager.full_name, person=person.full_name)
        raise DomainError(message, field="manager_id")
    return manager


@transaction.atomic
def create_person(*, actor: Any, data: dict[str, Any]) -> Person:
    if not permissions.can_create_person(actor):
        raise NotAllowed("Only org admins can add people to the directory.")
    fields = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "email" in fields:
        fields["email"] = str(fields["email"]).strip().lower()
    person = Person(**fields)
    person.manager = check_manager(person, data.get("manager_id"))
    full_clean_or_raise(person)
    person.save()
    record_audit(actor=actor, action="person.create", target=person, after=snapshot(person))
    return person


@transaction.atomic
def update_person(*, actor: Any, person: Person, data: dict[str, Any]) -> Person:
    if not permissions.can_edit_person(actor, person):
        raise NotAllowed("Only org admins can edit the directory.")
    before = snapshot(person)
    for name in PERSON_FIELDS:
        if name in data:
            value = data[name]
            setattr(person, name, value.strip().lower() if name == "email" else value)
    if "manager_id" in data:
        person.manager = check_manager(person, data["manager_id"])
    full_clean_or_raise(person)
    person.save()
    old, new = changed(before, snapshot(person))
    if new:
        record_audit(actor=actor, action="person.update", target=person, before=old, after=new)
    return person


def ensure_profile(person: Person) -> Profile:
    profile, _ = Profile.objects.get_or_create(person=person)
    return profile


@dataclass(frozen=True)
class SkillLevel:
    skill: str
    level: int | None = None


def _resolve_profile_skills(
    expertise: list[SkillLevel], development: list[str]
) -> tuple[dict[str, Skill], list[FieldError]]:
    names = [e.skill for e in expertise] + list(development)
    found, unknown = resolve_skill_names(names)
    # Keyed case-insensitively: "Python" and "python" in one profile are the same skill.
    skills = {name.strip().lower(): skill for name, skill in found.items()}
    errors: list[FieldError] = []
    if unknown:
        errors.append(FieldError("skills", UNKNOWN_SKILLS.format(names=", ".join(unknown))))
    for field, group in (
        ("expertise", [e.skill for e in expertise]),
        ("development_goals", development),
    ):
        seen: set[int] = set()
        for name in group:
            skill = skills.get(name.strip().lower())
            if skill is not None and skill.pk in seen:
                errors.append(FieldError(field, DUPLICATE_SKILL.format(name=name)))
            if skill is not None:
                seen.add(skill.pk)
    return skills, errors


@transaction.atomic
def update_profile(
    *,
    actor: Any,
    person: Person,
    bio: str,
    career_goals: str,
    interests: list[str],
    languages: list[str],
    meeting_format: str,
    availability_hours_per_month: int,
    expertise: list[SkillLevel],
    development_goals: list[str],
) -> Profile:
    """Replace a person's profile (PUT semantics). The person or an org admin only."""
    if not permissions.can_edit_profile(actor, person):
        raise NotAllowed("You can only edit your own profile.")
    skills, errors = _resolve_profile_skills(expertise, development_goals)
    for item in expertise:
        if item.level is not None and not 1 <= item.level <= 5:
            errors.append(FieldError("expertise", f"Level of “{item.skill}” must be 1 to 5."))
    if errors:
        raise DomainError(errors[0].message, errors=errors)
    profile = ensure_profile(person)
    before = _profile_snapshot(profile)
    profile.bio, profile.career_goals = bio.strip(), career_goals.strip()
    profile.interests = _clean_list(interests)
    profile.meeting_format = meeting_format
    profile.availability_hours_per_month = availability_hours_per_month
    full_clean_or_raise(profile, exclude=["person"])
    profile.save()
    person.languages = _clean_list(languages)
    person.save(update_fields=["languages", "updated_at"])
    profile.skills.all().delete()
    ProfileSkill.objects.bulk_create(
        [
            ProfileSkill(
                profile=profile,
                skill=skills[e.skill.strip().lower()],
                kind=ProfileSkill.Kind.EXPERTISE,
                level=e.level or 3,
            )
            for e in expertise
        ]
        + [
            ProfileSkill(
                profile=profile,
                skill=skills[name.strip().lower()],
                kind=ProfileSkill.Kind.DEVELOPMENT,
            )
            for name in development_goals
        ]
    )
    if actor.pk != person.user_id:
        record_audit(
            actor=actor,
            action="profile.update",
            target=profile,
            before=before,
            after=_profile_snapshot(profile),
        )
    return profile


def _clean_list(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        text = str(value).strip()
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())


def _profile_snapshot(profile: Profile) -> dict[str, Any]:
    data = snapshot(
        profile,
        ["bio", "career_goals", "interests", "meeting_format", "availability_hours_per_month"],
    )
    data["skills"] = sorted(f"{s.kind}:{s.skill_id}:{s.level}" for s in profile.skills.all())
    return data
