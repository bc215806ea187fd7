"""Match runs and their proposals, unmatched reasons, mentee requests, bookmarks, exclusions.

A :class:`MatchRun` is one execution of the matching engine over a program's cohort. Its
:class:`Proposal` rows are candidate pairs (a circle is the proposals sharing a mentor; a peer
pair stores the two peers as ``mentee`` and ``mentor``). Ids exposed by the API are
participant ids.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person
from tandem.programs.models import Participant, Program


class MatchRun(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Ready to review"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    class Solver(models.TextChoices):
        OPTIMAL = "optimal", "Optimal (best total score)"
        STABLE = "stable", "Stable (no pair would rather swap)"

    class Kind(models.TextChoices):
        PAIR = "pair", "Mentor–mentee pairs"
        CIRCLE = "circle", "Mentoring circles"
        PEER = "peer", "Peer pairs"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PAIR)
    solver = models.CharField(max_length=8, choices=Solver.choices, default=Solver.OPTIMAL)
    weights = models.JSONField(default=dict, blank=True, help_text="{criterion: weight} used.")
    prioritize_coverage = models.BooleanField(default=True)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    progress_message = models.CharField(max_length=200, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    fairness = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, max_length=4000)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The run this one re-runs (locked pairs kept) or compares against (what-if).",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="match_run_progress_pct")
        ]

    def __str__(self) -> str:
        return f"match run #{self.pk} of {self.program_id}"

    @property
    def is_finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.COMPLETED


class Proposal(models.Model):
    """A candidate pair of a run (or a seat in a mentor's circle, or a peer pair)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(null=True, blank=True, help_text="0..1; empty when forbidden.")
    reasons = models.JSONField(
        default=list, blank=True, help_text="[{criterion, contribution, detail}]"
    )
    locked = models.BooleanField(default=False)
    rejected = models.BooleanField(default=False)
    manual = models.BooleanField(default=False, help_text="Set or changed by a manager.")
    original_mentor = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warnings = models.JSONField(default=list, blank=True, help_text="Accepted override warnings.")

    class Meta:
        ordering = ["run", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposal_once_per_mentee"),
            models.CheckConstraint(
                condition=~(Q(locked=True) & Q(rejected=True)), name="proposal_locked_xor_rejected"
            ),
        ]
        indexes = [models.Index(fields=["run", "mentor"])]

    def __str__(self) -> str:
        return f"proposal {self.mentee_id}→{self.mentor_id} in run {self.run_id}"


class UnmatchedParticipant(models.Model):
    """A mentee (or peer) the run left without a match, and why."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    reason = models.CharField(max_length=400)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "participant"], name="unmatched_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} unmatched in run {self.run_id}: {self.code}"


class MatchRequest(TimeStampedModel):
    """A mentee asks a mentor (mentee-choice and hybrid programs); the mentor answers."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_requests")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent_requests")
    mentor = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received_requests"
    )
    message = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(max_length=500, blank=True)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    relationship_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["mentor", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="pending"),
                name="one_pending_request_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.mentee_id}→{self.mentor_id} ({self.status})"


class Bookmark(models.Model):
    """A mentee's shortlist of mentors."""

    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="bookmarks")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["mentee", "mentor"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"bookmark {self.mentee_id}→{self.mentor_id}"


class ExcludedPair(models.Model):
    """A pair that must never be proposed again in this program (after a rematch)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="excluded_pairs")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    relationship_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="excluded_pair_once")
        ]

    def __str__(self) -> str:
        return f"excluded {self.mentee_id}×{self.mentor_id}"


__all__ = [
    "Bookmark",
    "ExcludedPair",
    "MatchRequest",
    "MatchRun",
    "Proposal",
    "UnmatchedParticipant",
]
