"""Training modules, their sections and each person's progress through them.

A module's quiz is JSON on the module (``{pass_mark, questions: [{text, kind, options:
[{text, correct}]}]}``); it is validated by ``training.clean_quiz`` and never sent to a
learner with ``correct`` in it.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person


class TrainingModule(TimeStampedModel):
    class Audience(models.TextChoices):
        MENTORS = "mentors", "Mentors"
        MENTEES = "mentees", "Mentees"
        EVERYONE = "everyone", "Everyone"

    key = models.SlugField(max_length=60, blank=True, help_text="Stable key of a shipped module.")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    quiz = models.JSONField(default=dict, blank=True)
    published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["audience", "title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_quiz(self) -> bool:
        return bool(self.quiz.get("questions"))


class TrainingSection(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(max_length=20000)

    class Meta:
        ordering = ["module", "position", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingProgress(TimeStampedModel):
    """One person's way through one module: sections read, quiz attempts, completion."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="progress")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    sections_done = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="Best quiz score, %."
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["module", "person"]
        constraints = [
            models.UniqueConstraint(fields=["module", "person"], name="training_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.module}"

    @property
    def status(self) -> str:
        if self.completed_at:
            return "completed"
        return "in_progress"


class Resource(TimeStampedModel):
    """A guide, checklist, conversation starter, book, video or template in the library."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide"
        CHECKLIST = "checklist", "Checklist"
        STARTER = "starter", "Conversation starter"
        BOOK = "book", "Book"
        VIDEO = "video", "Video"
        TEMPLATE = "template", "Template"

    key = models.SlugField(max_length=60, blank=True, help_text="Stable key of a shipped one.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    author = models.CharField(max_length=200, blank=True, help_text="A book's author.")
    url = models.URLField(max_length=500, blank=True)
    body_markdown = models.TextField(max_length=20000, blank=True)
    tags = models.JSONField(default=list, blank=True, help_text="Topics, lowercase.")
    weeks = models.JSONField(
        default=list, blank=True, help_text="Curriculum weeks (1–104) it suits; empty: any."
    )
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="resources")
    programs = models.ManyToManyField("programs.Program", blank=True, related_name="resources")
    uses = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Moment(TimeStampedModel):
    """An informal act of mentoring, logged by the giver or the receiver; the other confirms.

    The note is the two people's alone; confirmed moments count for both in aggregates."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moments_given")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moments_received")
    logged_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    happened_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(
        "OfficeHourBooking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moment",
        help_text="The office hour that took place (recorded once, confirmed).",
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="moment_not_with_oneself"
            )
        ]
        indexes = [
            models.Index(fields=["giver", "status"]),
            models.Index(fields=["receiver", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver} on {self.happened_on}"

    def other_than(self, person_id: int | None) -> Person:
        return self.receiver if person_id == self.giver_id else self.giver


class LearningSettings(models.Model):
    """A person's choices about what of their mentoring others see."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="learning_settings"
    )
    show_moments_given = models.BooleanField(
        default=False, help_text="Show the moments I gave (count and skills) on my page."
    )
    on_recognition_wall = models.BooleanField(
        default=True, help_text="Show kudos and badges of mine on the recognition wall."
    )

    def __str__(self) -> str:
        return f"learning settings of {self.person}"


class Kudos(TimeStampedModel):
    """Thanks from a mentee or a manager to a mentor, shown on the recognition wall."""

    sender = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_sent")
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_received")
    message = models.CharField(max_length=500)
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="kudos_not_to_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"kudos from {self.sender} to {self.recipient}"


class OfficeHourSlot(TimeStampedModel):
    """Flash mentoring without enrolment: an expert offers a slot, employees book seats."""

    class Format(models.TextChoices):
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"

    host = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="office_hours")
    starts_at = models.DateTimeField(db_index=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    topic = models.CharField(max_length=200)
    skills = models.ManyToManyField("people.Skill", blank=True, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.VIDEO)
    location = models.CharField(max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.topic} with {self.host}"


class OfficeHourBooking(TimeStampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"

    slot = models.ForeignKey(OfficeHourSlot, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="office_hour_bookings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE.")
    pulse_asked_at = models.DateTimeField(
        null=True, blank=True, help_text="When both people were asked the one-question pulse."
    )

    class Meta:
        ordering = ["slot", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=models.Q(status="booked"),
                name="office_hour_booked_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.slot}"


class OfficeHourPulse(TimeStampedModel):
    """The one question after an office hour: how useful was it (1–5), an optional comment.
    One answer per person per booking; the expert sees only aggregates of their attendees'."""

    booking = models.ForeignKey(OfficeHourBooking, on_delete=models.CASCADE, related_name="pulses")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "person"], name="office_hour_pulse_once"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="office_hour_pulse_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"pulse of {self.person} on {self.booking}"


class SuccessStory(TimeStampedModel):
    """A program manager's story about a relationship; public only once every member agrees."""

    relationship = models.ForeignKey(
        "relationships.Relationship", on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    written_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consented_by = models.ManyToManyField(Person, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
