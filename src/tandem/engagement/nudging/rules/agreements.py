"""The mentoring agreement not accepted: the members first, then the program managers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from tandem.relationships.models import Relationship

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register


@register
class AgreementPending(NudgeRule):
    key = "agreement_pending"
    label = "Agreement not accepted"
    description = (
        "N days after a match, members who have not accepted the agreement are reminded; "
        "after twice N days the program managers are told the relationship has not started."
    )
    audience = "the members, then the program managers"
    default_days = 5
    days_label = "days after the match"
    order = 40

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        pending = Relationship.objects.filter(
            status=Relationship.Status.PENDING, program_id__in=list(enabled)
        )
        members = data.members_of(pending)
        managers = data.managers_of(list(enabled))
        for relationship in pending.only("pk", "program_id", "created_at"):
            days = enabled[relationship.program_id] or 1
            age = run.now - relationship.created_at
            if age < dt.timedelta(days=days):
                continue
            group = members[relationship.pk]
            waiting = [m for m in group if m.agreement_accepted_at is None]
            program = run.programs[relationship.program_id]
            yield Due(
                subject_type=data.RELATIONSHIP,
                subject_id=relationship.pk,
                occurrence="members",
                program_id=relationship.program_id,
                recipients=data.people(waiting),
                title=f"Your mentoring in {program.name} starts when you accept the agreement",
                body="Read the agreement, add your own points if you like, and accept it.",
                url=reverse("relationships:agreement", args=[relationship.pk]),
            )
            if age >= dt.timedelta(days=2 * days):
                yield Due(
                    subject_type=data.RELATIONSHIP,
                    subject_id=relationship.pk,
                    occurrence="managers",
                    program_id=relationship.program_id,
                    recipients=managers.get(relationship.program_id, []),
                    title=f"A match in {program.name} has not started after {age.days} days",
                    body=(
                        f"{data.names(group)} have not all accepted the mentoring agreement. "
                        "A word from you may help — or rematch them."
                    ),
                    url=reverse("engage:at_risk", args=[relationship.program_id]),
                )
