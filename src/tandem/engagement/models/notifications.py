"""Notifications (the in-app feed and the email/chat outbox) and each person's preferences."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from tandem.people.models import Person


class Delivery(models.TextChoices):
    """Where a notification stands on one channel (email or the person's own chat)."""

    NONE = "none", "Not sent on this channel"
    PENDING = "pending", "Waiting to be sent"
    HELD = "held", "Held for the digest"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    DIGESTED = "digested", "Sent in a digest"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    """One message to one person: in the in-app feed, and an outbox row for email and chat.

    The email and chat columns make the notification its own outbox: the row is written in the
    transaction that decided to send it, and the delivery jobs pick up what is due."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60, db_index=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=10000)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True, help_text="Shown in the feed.")
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, mimetype, b64}]"
    )
    email_template = models.CharField(
        max_length=100, blank=True, help_text="Another email template (the digest's)."
    )
    email_context = models.JSONField(default=dict, blank=True)
    email_state = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NONE)
    email_after = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=500, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    chat_state = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.NONE)
    chat_after = models.DateTimeField(null=True, blank=True)
    chat_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_state", "email_after"], name="notification_email_due"),
            models.Index(fields=["chat_state", "chat_after"], name="notification_chat_due"),
            models.Index(fields=["subject_type", "subject_id"], name="notification_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.title}"


class NotificationPreference(models.Model):
    """How a person wants to be told. No row means the defaults (docs/engagement.md)."""

    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", "Immediately, one email per message"
        DAILY = "daily", "A daily digest"
        WEEKLY = "weekly", "A weekly digest"

    class ChatKind(models.TextChoices):
        NONE = "", "No chat"
        SLACK = "slack", "Slack"
        TEAMS = "teams", "Microsoft Teams"

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE)
    digest_day = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)], help_text="0 = Monday … 6 = Sunday"
    )
    digest_hour = models.PositiveSmallIntegerField(default=8, validators=[MaxValueValidator(23)])
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    kinds = models.JSONField(
        default=dict, blank=True, help_text='{kind: {"in_app": bool, "email": bool, "chat": bool}}'
    )
    chat_kind = models.CharField(max_length=5, choices=ChatKind.choices, blank=True, default="")
    chat_url = models.URLField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_day__lte=6, digest_hour__lte=23),
                name="preference_digest_day_and_hour",
            )
        ]

    def __str__(self) -> str:
        return f"notification preferences of {self.person_id}"
