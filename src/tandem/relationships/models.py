"""Relationships: a published mentoring pair, circle or peer pair, its members, and everything
they do together — agreement, SMART goals and milestones, meetings, notes, pulses,
celebrations. The closure survey is a survey of the builder (``tandem.surveys``).

Times are stored in UTC. A meeting also remembers the IANA zone it was scheduled in, so a
recurring series keeps the scheduler's wall-clock time across daylight-saving changes.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person, validate_time_zone
from tandem.programs.models import Participant, Program


class Relationship(TimeStampedModel):
    class Kind(models.TextChoices):
        PAIR = "pair", "Mentor and mentee"
        CIRCLE = "circle", "Mentoring circle"
        PEER = "peer", "Peer pair"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending agreement"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended early"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PAIR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True, max_length=2000)
    health = models.PositiveSmallIntegerField(null=True, blank=True)
    match_score = models.FloatField(null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    match_run_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    fit_alert_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the program managers were told of poor fit."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"relationship #{self.pk} in {self.program_id}"

    @property
    def is_closed(self) -> bool:
        return self.status in {self.Status.COMPLETED, self.Status.ENDED}


class RelationshipMember(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        PEER = "peer", "Peer"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    agreement_notes = models.TextField(blank=True, max_length=2000)
    named_in_celebrations_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When this member agreed to be named in the relationship's celebrations "
        "(empty: not agreed, or withdrawn).",
    )

    class Meta:
        ordering = ["relationship", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "participant"], name="member_once_per_relationship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.relationship}"


class Goal(TimeStampedModel):
    """A SMART goal: specific title, measurable metric, achievable plan, relevance, due date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "In progress"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="goals")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    metric = models.CharField(max_length=500)
    plan = models.TextField(max_length=4000)
    relevance = models.TextField(max_length=2000)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    progress_set_by_hand = models.BooleanField(default=False)
    achieved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="goal_progress_pct")
        ]

    def __str__(self) -> str:
        return self.title


class GoalComment(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment on goal {self.goal_id}"


class Milestone(TimeStampedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class MeetingSeries(models.Model):
    """A recurring series: every ``interval_days`` at the same local time in ``time_zone``."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meeting_series"
    )
    interval_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    until = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return f"every {self.interval_days} days until {self.until}"


class Meeting(TimeStampedModel):
    class Format(models.TextChoices):
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    scheduled_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(db_index=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.VIDEO)
    location = models.CharField(max_length=500, blank=True, help_text="A room or a call link.")
    agenda = models.TextField(blank=True, max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE.")

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["relationship", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"meeting #{self.pk} at {self.starts_at:%Y-%m-%d %H:%M} UTC"


class Note(TimeStampedModel):
    """Shared notes are read by the relationship's members; private ones by their author only."""

    class Visibility(models.TextChoices):
        SHARED = "shared", "Shared with the other member(s)"
        PRIVATE = "private", "Private (only me)"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=10000)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.SHARED
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["relationship", "visibility", "author"])]

    def __str__(self) -> str:
        return f"{self.visibility} note #{self.pk}"


class Pulse(models.Model):
    """The one-minute check after a held meeting. One per member per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pulses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    good_fit = models.BooleanField(default=True)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="pulse_once_per_member"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="pulse_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"pulse {self.rating} on meeting {self.meeting_id}"


class Celebration(models.Model):
    """A recognition entry: a milestone reached, a goal achieved, a relationship completed."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", "Milestone reached"
        GOAL = "goal", "Goal achieved"
        COMPLETED = "completed", "Relationship completed"

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="celebrations"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
