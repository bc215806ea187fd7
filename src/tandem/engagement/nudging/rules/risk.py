"""The at-risk chain: escalation to the program managers, and interventions' follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from tandem.engagement.models import Intervention
from tandem.engagement.models.nudges import Band

from .. import data
from ..engine import Run
from ..registry import Due, NudgeRule, register


@register
class AtRiskEscalation(NudgeRule):
    key = "at_risk_escalation"
    label = "At risk with no intervention"
    description = (
        "A relationship at risk for N days with no intervention recorded since it became at "
        "risk: the program managers are alerted, once per at-risk period."
    )
    audience = "the program managers"
    default_days = 7
    days_label = "days at risk without an intervention"
    order = 130

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        states = run.cache.get("bands") or {}
        late = [
            s
            for s in states.values()
            if s.band == Band.AT_RISK
            and s.program_id in enabled
            and (run.as_of - s.since).days >= (enabled[s.program_id] or 0)
        ]
        if not late:
            return
        acted: dict[int, dt.date] = {}
        for relationship_id, created in Intervention.objects.filter(
            relationship__program_id__in=list(enabled), relationship__status="active"
        ).values_list("relationship_id", "created_at"):
            acted[relationship_id] = max(created.date(), acted.get(relationship_id, created.date()))
        managers = data.managers_of(list(enabled))
        for state in late:
            last = acted.get(state.relationship_id)
            if last is not None and last >= state.since:
                continue
            program = run.programs[state.program_id]
            yield Due(
                subject_type=data.RELATIONSHIP,
                subject_id=state.relationship_id,
                occurrence=f"since:{state.since.isoformat()}",
                program_id=state.program_id,
                recipients=managers.get(state.program_id, []),
                title=f"A relationship in {program.name} has been at risk since {{since:date}}",
                body=f"Health {state.health}/100 and no intervention yet. Open the at-risk list "
                "to see why and to nudge the pair, ask for a check-in, pause or rematch.",
                url=reverse("engage:at_risk", args=[state.program_id]),
                times={"since": state.since},
            )


@register
class InterventionFollowUp(NudgeRule):
    key = "intervention_follow_up"
    label = "Intervention follow-up"
    description = (
        "On an open intervention's follow-up date, its owner is reminded to record the outcome."
    )
    audience = "the intervention's owner"
    order = 140

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        items = Intervention.objects.filter(
            closed_at__isnull=True,
            follow_up_on__lte=run.as_of,
            relationship__program_id__in=list(enabled),
        ).select_related("owner", "created_by", "relationship")
        for item in items:
            owner = item.owner or item.created_by
            if owner is None:
                continue
            program = run.programs[item.relationship.program_id]
            yield Due(
                subject_type=data.INTERVENTION,
                subject_id=item.pk,
                occurrence=f"follow_up:{item.follow_up_on}",
                program_id=item.relationship.program_id,
                recipients=[owner],
                title=f"Follow up: {item.get_action_display().lower()} in {program.name}",
                body="You planned to follow up today. Did the relationship recover? Record the "
                "outcome, or set a new follow-up date.",
                url=reverse("engage:intervention", args=[item.pk]),
            )
