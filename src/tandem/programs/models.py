"""Programs, their enrolment questions, and participants.

A program is one mentoring initiative run in cycles; each cycle is a Program row whose
``previous_cycle`` points at the one it was cloned from.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person


class Program(TimeStampedModel):
    class Type(models.TextChoices):
        ONE_ON_ONE = "one_on_one", "One-on-one"
        GROUP = "group", "Group / circle"
        PEER = "peer", "Peer"
        REVERSE = "reverse", "Reverse"
        FLASH = "flash", "Flash / micro"
        EXECUTIVE = "executive", "Executive"
        CROSS_FUNCTIONAL = "cross_functional", "Cross-functional"
        SKILLS_BASED = "skills_based", "Skills-based"

    class Format(models.TextChoices):
        FORMAL = "formal", "Formal"
        INFORMAL = "informal", "Informal"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ENROLLING = "enrolling", "Enrolling"
        MATCHING = "matching", "Matching"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class MatchingMode(models.TextChoices):
        ADMIN = "admin", "Admin-driven"
        MENTEE_CHOICE = "mentee_choice", "Mentee choice"
        HYBRID = "hybrid", "Hybrid"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    purpose = models.TextField(blank=True, max_length=5000)
    values = models.JSONField(default=list, blank=True, help_text="Organisation values served.")
    objectives = models.JSONField(default=list, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.ONE_ON_ONE)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.FORMAL)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    eligibility = models.JSONField(
        default=dict,
        blank=True,
        help_text="departments, levels {min,max}, locations, hired_within_days, include, exclude",
    )
    enrollment_opens = models.DateField(null=True, blank=True)
    enrollment_closes = models.DateField(null=True, blank=True)
    matching_date = models.DateField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    meeting_cadence_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    curriculum = models.JSONField(default=list, blank=True, help_text="[{week, topic, details}]")
    conversation_starters = models.JSONField(default=list, blank=True)
    agreement_text = models.TextField(blank=True, max_length=10000)
    matching_mode = models.CharField(
        max_length=16, choices=MatchingMode.choices, default=MatchingMode.ADMIN
    )
    matching_weights = models.JSONField(default=dict, blank=True)
    constraints = models.JSONField(
        default=dict,
        blank=True,
        help_text="min_level_gap, preferred_level_gap [lo, hi], department, min_score",
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    required_training = models.JSONField(
        default=dict, blank=True, help_text="{mentor: [module id], mentee: [module id]}"
    )
    training_gate = models.CharField(
        max_length=5,
        choices=[("block", "Leave unmatched"), ("warn", "Only warn")],
        default="block",
        help_text="What a match run does with a participant whose required training is not done.",
    )
    training_min_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Empty: completing a module is enough; N: its quiz passed with at least N %.",
    )
    managers = models.ManyToManyField(Person, blank=True, related_name="managed_programs")
    template_key = models.CharField(max_length=60, blank=True)
    previous_cycle = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_cycles"
    )
    cycle_number = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class EnrollmentQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "Scale 1–5"

    class Audience(models.TextChoices):
        ALL = "all", "Everyone"
        MENTOR = "mentor", "Mentors"
        MENTEE = "mentee", "Mentees"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.ALL)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Participant(TimeStampedModel):
    """A person enrolled in a program with a role."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        PEER = "peer", "Peer"

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPROVED = "approved", "Approved"
        WAITLISTED = "waitlisted", "Waitlisted"
        DECLINED = "declined", "Declined"
        MATCHED = "matched", "Matched"
        WITHDRAWN = "withdrawn", "Withdrawn"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=8, choices=Role.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(0), MaxValueValidator(50)]
    )
    answers = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(
        max_length=500, blank=True, help_text="Why the manager declined or waitlisted."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["program", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person", "role"], name="participant_once_per_role"
            ),
        ]
        indexes = [models.Index(fields=["program", "role", "status"])]

    def __str__(self) -> str:
        return f"{self.person} as {self.role} in {self.program}"


class ProgramAnnouncement(TimeStampedModel):
    """A launch announcement sent to a program's eligible audience (in-app and email)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="announcements")
    sent_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    program_status = models.CharField(max_length=12, choices=Program.Status.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    recipient_count = models.PositiveIntegerField(default=0)
    story = models.ForeignKey(
        "learning.SuccessStory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        help_text="The success story the announcement quotes, if any.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"announcement of {self.program} to {self.recipient_count} people"
