"""Nudges and the at-risk chain: per-program rule settings, the exactly-once log, health
bands over time, and the interventions program managers record."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programs.models import Program
from tandem.relationships.models import Relationship


class ProgramEngagement(models.Model):
    """A program's health thresholds and escalation delay (defaults when there is no row)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="engagement")
    watch_below = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    at_risk_below = models.PositiveSmallIntegerField(
        default=40, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at_risk_below__lte=models.F("watch_below")),
                name="engagement_at_risk_below_watch",
            )
        ]

    def __str__(self) -> str:
        return f"engagement settings of {self.program_id}"


class NudgeSetting(models.Model):
    """A program's choice for one nudge rule; no row means the rule's defaults."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="nudge_settings")
    rule = models.CharField(max_length=60)
    enabled = models.BooleanField()
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["program", "rule"], name="nudge_setting_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} in {self.program_id}"


class NudgeLog(models.Model):
    """One nudge sent: at most one row per (rule, subject, occurrence), written in the
    transaction that creates the nudge's messages — the guarantee of exactly once."""

    rule = models.CharField(max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    occurrence = models.CharField(max_length=100)
    program_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    recipients = models.PositiveIntegerField(default=0)
    as_of = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject_type", "subject_id", "occurrence"],
                name="nudge_once_per_occurrence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject_type}#{self.subject_id} {self.occurrence}"


class Band(models.TextChoices):
    HEALTHY = "healthy", "Healthy"
    WATCH = "watch", "Watch"
    AT_RISK = "at_risk", "At risk"


class RelationshipWatch(models.Model):
    """The band a relationship is in, and since when (kept by the nudge evaluation)."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="watch"
    )
    band = models.CharField(max_length=8, choices=Band.choices)
    since = models.DateField()
    health = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["band", "since"])]

    def __str__(self) -> str:
        return f"{self.relationship_id} {self.band} since {self.since}"


class Intervention(TimeStampedModel):
    """What a program manager did about a relationship, with an owner and a follow-up."""

    class Action(models.TextChoices):
        NUDGE = "nudge", "Nudge the pair"
        CHECK_IN = "check_in", "Ask for a check-in"
        PAUSE = "pause", "Pause the relationship"
        REMATCH = "rematch", "Rematch"
        CLOSE = "close", "Close the relationship"

    class Outcome(models.TextChoices):
        OPEN = "", "Open"
        RECOVERED = "recovered", "Recovered"
        NO_CHANGE = "no_change", "No change"
        ENDED = "ended", "Relationship ended"
        OTHER = "other", "Other"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="interventions"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    note = models.TextField(blank=True, max_length=4000, help_text="For the managers only.")
    message = models.TextField(blank=True, max_length=4000, help_text="Sent to the members.")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_on = models.DateField(null=True, blank=True)
    check_in_at = models.DateTimeField(null=True, blank=True)
    health_at_start = models.PositiveSmallIntegerField(null=True, blank=True)
    band_at_start = models.CharField(max_length=8, choices=Band.choices, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    outcome_note = models.TextField(blank=True, max_length=4000)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["relationship", "closed_at"])]

    def __str__(self) -> str:
        return f"{self.action} on {self.relationship_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
