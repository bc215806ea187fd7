from __future__ import annotations

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from tandem.core.models import TimeStampedModel


@cache
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in available_time_zones():
        raise ValidationError(
            f"“{value}” is not an IANA time zone (for example Europe/London or America/New_York)."
        )


class Person(TimeStampedModel):
    """An employee from the HR directory. A person may or may not have a login (``user``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LEAVE = "leave", "On leave"
        TERMINATED = "terminated", "Left the organisation"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    employee_id = models.CharField(max_length=64, unique=True)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=120, blank=True, db_index=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    location = models.CharField(max_length=120, blank=True, db_index=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    hire_date = models.DateField(null=True, blank=True)
    job_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    languages = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    employment_start = models.DateField(null=True, blank=True)
    employment_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [models.Index(Lower("full_name"), name="person_name_lower")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")), name="person_not_own_manager"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class PersonDemographics(models.Model):
    """Optional self-declared demographics, kept apart and only shown in aggregates of ≥ 5."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="demographics")
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=120, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=60, blank=True)
    consented_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person agreed to record these answers."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"demographics of person {self.person_id}"


class Skill(models.Model):
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=60, blank=True, db_index=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillAlias(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "skill aliases"

    def __str__(self) -> str:
        return f"{self.alias} → {self.skill}"


class Profile(TimeStampedModel):
    """What a person says about themselves for mentoring."""

    class MeetingFormat(models.TextChoices):
        VIRTUAL = "virtual", "Virtual"
        IN_PERSON = "in_person", "In person"
        EITHER = "either", "Either"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(blank=True, max_length=4000)
    career_goals = models.TextField(blank=True, max_length=4000)
    interests = models.JSONField(default=list, blank=True)
    meeting_format = models.CharField(
        max_length=16, choices=MeetingFormat.choices, default=MeetingFormat.EITHER
    )
    availability_hours_per_month = models.PositiveSmallIntegerField(
        default=2, validators=[MaxValueValidator(160)]
    )

    def __str__(self) -> str:
        return f"profile of {self.person}"


class ProfileSkill(models.Model):
    """A skill on a profile: expertise (with proficiency 1–5) or a skill to develop."""

    class Kind(models.TextChoices):
        EXPERTISE = "expertise", "Expertise"
        DEVELOPMENT = "development", "To develop"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["kind", "-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "skill", "kind"], name="profile_skill_once_per_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="profile_skill_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.kind})"


class DirectoryGroup(TimeStampedModel):
    """A group of people from the identity provider (SCIM ``Group``), e.g. "Mentoring pilot".

    Programs can restrict eligibility to members of named groups."""

    display_name = models.CharField(max_length=200)
    external_id = models.CharField(max_length=200, blank=True, db_index=True)
    members = models.ManyToManyField(Person, blank=True, related_name="directory_groups")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="directory_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.display_name


class ScimAccount(TimeStampedModel):
    """A person provisioned by the identity provider through SCIM.

    ``attributes`` keeps the SCIM attributes Tandem publishes but does not hold on the
    person (name parts, the list of emails, the manager reference as sent); what the
    directory holds (name, email, title, department, employee id, manager, time zone,
    status) is read from the person, so an edit made in Tandem shows through SCIM."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim")
    user_name = models.CharField(max_length=254)
    external_id = models.CharField(max_length=200, blank=True, db_index=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(Lower("user_name"), name="scim_user_name_unique")]

    def __str__(self) -> str:
        return self.user_name


class ScimToken(models.Model):
    """A provisioning bearer token for the identity provider. Only its SHA-256 is stored."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"SCIM token “{self.name}” ({self.prefix}…)"


class HREvent(models.Model):
    """An HR fact from the HR system: a termination, a promotion or an internal move."""

    class Kind(models.TextChoices):
        TERMINATION = "termination", "Termination"
        PROMOTION = "promotion", "Promotion"
        MOVE = "move", "Internal move"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hr_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    voluntary = models.BooleanField(null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(null=True, blank=True)
    new_department = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "date"], name="hr_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.person_id} on {self.date}"


class ImportUpload(models.Model):
    """A file that passed a dry run, kept so that its uploader can confirm it without re-uploading.

    Single use and short-lived (see ``import_uploads``); expired rows are purged on access.
    """

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content.")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
