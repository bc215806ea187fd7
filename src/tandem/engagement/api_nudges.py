"""Nudge rules and thresholds per program, the at-risk list, interventions — /api/v1/."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from pydantic import model_validator

from tandem.core.api import ErrorOut, InputSchema
from tandem.core.errors import DomainError

from . import interventions, program_settings, risk, selectors
from .models import Intervention
from .nudging.registry import rules

router = Router()
if TYPE_CHECKING:  # the members are known at run time only (registries)
    ConfigurableRule = str
else:
    ConfigurableRule = Literal[tuple(r.key for r in rules() if r.configurable)]
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Action = Literal["nudge", "check_in", "pause", "rematch", "close"]
Outcome = Literal["", "recovered", "no_change", "ended", "other"]


class NudgeRuleOut(Schema):
    rule: str
    label: str
    description: str
    audience: str
    enabled: bool
    days: int | None
    days_label: str
    default_enabled: bool
    default_days: int | None
    configurable: bool


class NudgeRuleIn(InputSchema):
    rule: ConfigurableRule
    enabled: bool
    days: int | None = Field(
        None, ge=1, le=365, description="ignored for rules without a day setting; null: default"
    )


def _rules_out(views: list[program_settings.RuleView]) -> list[dict[str, Any]]:
    return [
        {
            "rule": v.rule.key,
            "label": v.rule.label,
            "description": v.rule.description,
            "audience": v.rule.audience,
            "enabled": v.enabled,
            "days": v.days,
            "days_label": v.rule.days_label,
            "default_enabled": v.rule.default_enabled,
            "default_days": v.rule.default_days,
            "configurable": v.rule.configurable,
        }
        for v in views
    ]


@router.get("/programs/{program_id}/nudge-rules", response={200: list[NudgeRuleOut], **ERRORS})
def get_nudge_rules(request: HttpRequest, program_id: int) -> list[dict[str, Any]]:
    """Every nudge rule with this program's setting (program managers and org admins)."""
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    return _rules_out(program_settings.rule_settings(program))


@router.put("/programs/{program_id}/nudge-rules", response={200: list[NudgeRuleOut], **ERRORS})
def put_nudge_rules(
    request: HttpRequest, program_id: int, payload: list[NudgeRuleIn]
) -> list[dict[str, Any]]:
    """Turn rules on or off and set their days; rules left out keep their setting (a rule
    given twice: the last one counts). Returns every rule."""
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    views = program_settings.update_rule_settings(
        actor=request.user, program=program, items=[item.dict() for item in payload]
    )
    return _rules_out(views)


class ThresholdsIn(InputSchema):
    watch_below: int = Field(..., ge=1, le=100, description="health below this: watch")
    at_risk_below: int = Field(..., ge=1, le=100, description="below this: at risk")

    @model_validator(mode="after")
    def _ordered(self) -> "ThresholdsIn":
        if self.at_risk_below > self.watch_below:
            raise DomainError(  # across fields, which the schema cannot state: a 400
                "at_risk_below must not be above watch_below.", field="at_risk_below"
            )
        return self


class ThresholdsOut(Schema):
    watch_below: int
    at_risk_below: int


@router.get("/programs/{program_id}/health-thresholds", response={200: ThresholdsOut, **ERRORS})
def get_thresholds(request: HttpRequest, program_id: int) -> Any:
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    return program_settings.thresholds(program)


@router.put("/programs/{program_id}/health-thresholds", response={200: ThresholdsOut, **ERRORS})
def put_thresholds(request: HttpRequest, program_id: int, payload: ThresholdsIn) -> Any:
    """The health bands of the program: healthy ≥ watch_below > watch ≥ at_risk_below > at risk."""
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    return program_settings.update_thresholds(actor=request.user, program=program, **payload.dict())


# --- at-risk list --------------------------------------------------------------------------


class SignalOut(Schema):
    signal: str
    value: float | None
    detail: str


class ComponentOut(Schema):
    key: str
    label: str
    points: int
    max_points: int
    detail: str


class AtRiskOut(Schema):
    relationship_id: int
    health: int
    band: Literal["watch", "at_risk"]
    signals: list[SignalOut]
    components: list[ComponentOut]
    since: dt.date
    open_intervention_id: int | None
    rematch_url: str


@router.get("/programs/{program_id}/at-risk", response={200: list[AtRiskOut], **ERRORS})
def at_risk(
    request: HttpRequest, program_id: int, band: Literal["at_risk", "watch", "all"] = "all"
) -> list[dict[str, Any]]:
    """Active relationships in the watch or at-risk band, worst first, with the signals that
    put them there and since when (program managers and org admins; no contents)."""
    program = selectors.access_managed_program_by_id(actor=request.user, program_id=program_id)
    rows = risk.at_risk_list(program, include_watch=band != "at_risk")
    if band == "watch":
        rows = [r for r in rows if r.band == "watch"]
    return [
        {
            "relationship_id": r.relationship.pk,
            "health": r.health,
            "band": r.band,
            "signals": [s.__dict__ for s in r.signals],
            "components": [c.__dict__ for c in r.components],
            "since": r.since,
            "open_intervention_id": r.open_intervention.pk if r.open_intervention else None,
            "rematch_url": reverse("matchmaking:rematch", args=[r.relationship.pk]),
        }
        for r in rows
    ]


# --- interventions -------------------------------------------------------------------------


class InterventionIn(InputSchema):
    action: Action
    note: str = Field("", max_length=4000, description="for managers; the reason when closing")
    message: str = Field("", max_length=4000, description="to the members; default: prepared")
    follow_up_on: dt.date | None = None
    check_in_at: dt.datetime | None = Field(None, description="a proposed check-in time")
    owner_id: int | None = Field(None, ge=1, description="a manager of the program (default: you)")


class InterventionPatch(InputSchema):
    outcome: Outcome | None = Field(None, description="set: closes it; empty string: reopens")
    outcome_note: str | None = Field(None, max_length=4000)
    follow_up_on: dt.date | None = None


class InterventionOut(Schema):
    id: int
    relationship_id: int
    action: str
    note: str
    message: str
    owner_id: int | None
    created_by_id: int | None
    follow_up_on: dt.date | None
    check_in_at: dt.datetime | None
    health_at_start: int | None
    band_at_start: str
    outcome: str
    outcome_note: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    is_open: bool
    rematch_url: str | None

    @staticmethod
    def resolve_rematch_url(obj: Intervention) -> str | None:
        if obj.action != Intervention.Action.REMATCH:
            return None
        return reverse("matchmaking:rematch", args=[obj.relationship_id])


@router.get(
    "/relationships/{relationship_id}/interventions",
    response={200: list[InterventionOut], **ERRORS},
)
def list_interventions(request: HttpRequest, relationship_id: int) -> Any:
    relationship = selectors.access_managed_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return list(selectors.list_interventions(relationship))


@router.post(
    "/relationships/{relationship_id}/interventions", response={201: InterventionOut, **ERRORS}
)
def create_intervention(
    request: HttpRequest, relationship_id: int, payload: InterventionIn
) -> Status[Any]:
    """Record an intervention and carry it out: nudge (sends the message), check_in (asks
    for a check-in, with an invite when a time is given), pause, close (``note`` is the
    reason), rematch (then open ``rematch_url``)."""
    relationship = selectors.access_managed_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    item = interventions.record_intervention(
        actor=request.user, relationship=relationship, data=payload.dict()
    )
    return Status(201, item)


@router.patch("/interventions/{intervention_id}", response={200: InterventionOut, **ERRORS})
def patch_intervention(
    request: HttpRequest, intervention_id: int, payload: InterventionPatch
) -> Any:
    """Record the outcome (closing it), a note, or move the follow-up."""
    item = selectors.access_intervention_by_id(actor=request.user, intervention_id=intervention_id)
    return interventions.update_intervention(
        actor=request.user, intervention=item, data=payload.dict(exclude_unset=True)
    )
