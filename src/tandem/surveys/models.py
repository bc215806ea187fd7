"""Surveys, their questions and responses.

Anonymous surveys keep two unlinked records: ``Response`` (the answers, no person, no
relationship, only the respondent's role and the day) and ``Completion`` (who has responded,
so reminders stop). Nothing joins them. Named surveys set ``Response.person``.
"""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator
from django.db import models

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programs.models import Program
from tandem.relationships.models import Relationship

MIN_GROUP_FLOOR = 3
DEFAULT_MIN_GROUP = 5


class Survey(TimeStampedModel):
    class Trigger(models.TextChoices):
        FIXED = "fixed", "On fixed dates"
        AFTER_FIRST_MEETING = "after_first_meeting", "After each relationship's first meeting"
        MIDPOINT = "midpoint", "At each relationship's midpoint"
        CLOSURE = "closure", "When each relationship closes"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    template_key = models.CharField(max_length=40, blank=True)
    anonymous = models.BooleanField(default=False)
    min_group_size = models.PositiveSmallIntegerField(
        default=DEFAULT_MIN_GROUP, validators=[MinValueValidator(MIN_GROUP_FLOOR)]
    )
    audience = models.JSONField(default=list)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.FIXED)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    respond_within_days = models.PositiveSmallIntegerField(default=21)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=MIN_GROUP_FLOOR),
                name="survey_min_group_at_least_3",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def relative(self) -> bool:
        return self.trigger != self.Trigger.FIXED


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", "Agreement, 1 to 5"
        NPS = "nps", "Recommendation, 0 to 10"
        CHOICE = "choice", "One choice"
        MULTI_CHOICE = "multi_choice", "Several choices"
        TEXT = "text", "Free text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One person's answers. ``person`` is always null in an anonymous survey."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    relationship = models.ForeignKey(
        Relationship, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=8, blank=True)
    submitted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["survey", "role"])]

    def __str__(self) -> str:
        return f"response to {self.survey_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=4000)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"answer to {self.question_id}"


class Completion(models.Model):
    """That a person has answered (for a relationship, in relative surveys) — never what."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="completions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey(
        Relationship, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    responded_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person", "relationship"],
                condition=models.Q(relationship__isnull=False),
                name="survey_completion_once_per_relationship",
            ),
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=models.Q(relationship__isnull=True),
                name="survey_completion_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} answered {self.survey_id}"
