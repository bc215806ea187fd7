"""A program's engagement settings: each nudge rule on/off with its days, and the health
thresholds of its bands. Program managers and org admins; every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core.audit import record_audit
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.programs.models import Program

from . import permissions
from .models import NudgeSetting, ProgramEngagement
from .nudging.registry import NudgeRule, get_rule, rules

NOT_A_MANAGER = "Only this program's managers can change its nudges and thresholds."
UNKNOWN_RULE = "“{rule}” is not a nudge rule; GET the program's nudge-rules for the list."
FIXED_RULE = "“{rule}” cannot be turned off or changed: it follows the program's deadline."
THRESHOLDS = "The at-risk threshold must not be above the watch threshold."


@dataclass(frozen=True)
class RuleView:
    rule: NudgeRule
    enabled: bool
    days: int | None
    customised: bool


def rule_settings(program: Program) -> list[RuleView]:
    """Every registered rule with this program's choice (or the rule's default)."""
    chosen = {s.rule: s for s in NudgeSetting.objects.filter(program=program)}
    views = []
    for rule in rules():
        row = chosen.get(rule.key)
        enabled = rule.default_enabled if row is None else row.enabled
        days = rule.default_days if row is None or row.days is None else row.days
        if not rule.configurable:
            enabled = True
        views.append(
            RuleView(
                rule=rule,
                enabled=enabled,
                days=days if rule.default_days is not None else None,
                customised=row is not None,
            )
        )
    return views


def _require_manager(actor: Any, program: Program) -> None:
    if not permissions.can_manage_program_engagement(actor, program):
        raise NotAllowed(NOT_A_MANAGER)


@transaction.atomic
def update_rule_settings(
    *, actor: Any, program: Program, items: list[dict[str, Any]]
) -> list[RuleView]:
    """Set ``[{rule, enabled, days}]``; days are ignored for rules without a day setting,
    and rules that are not configurable are refused."""
    _require_manager(actor, program)
    before = {v.rule.key: [v.enabled, v.days] for v in rule_settings(program)}
    for index, item in enumerate(items):
        key = str(item.get("rule", ""))
        rule = get_rule(key)
        if rule is None:
            raise DomainError(UNKNOWN_RULE.format(rule=key), field=f"{index}.rule")
        if not rule.configurable:
            raise DomainError(FIXED_RULE.format(rule=key), field=f"{index}.rule")
        days = item.get("days") if rule.default_days is not None else None
        setting = NudgeSetting(program=program, rule=key, enabled=bool(item["enabled"]), days=days)
        full_clean_or_raise(setting, exclude=["program"])
        NudgeSetting.objects.update_or_create(
            program=program, rule=key, defaults={"enabled": setting.enabled, "days": days}
        )
    after = {v.rule.key: [v.enabled, v.days] for v in rule_settings(program)}
    changed = [k for k in after if after[k] != before.get(k)]
    if changed:
        record_audit(
            actor=actor,
            action="program.nudge_rules",
            target=program,
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )
    return rule_settings(program)


def thresholds(program: Program) -> ProgramEngagement:
    return ProgramEngagement.objects.filter(program=program).first() or ProgramEngagement(
        program=program
    )


@transaction.atomic
def update_thresholds(
    *, actor: Any, program: Program, watch_below: int, at_risk_below: int
) -> ProgramEngagement:
    _require_manager(actor, program)
    row = thresholds(program)
    before = {"watch_below": row.watch_below, "at_risk_below": row.at_risk_below}
    if at_risk_below > watch_below:
        raise DomainError(THRESHOLDS, field="at_risk_below")
    row.watch_below, row.at_risk_below = watch_below, at_risk_below
    full_clean_or_raise(row, exclude=["program"])
    row.save()
    record_audit(
        actor=actor,
        action="program.health_thresholds",
        target=program,
        before=before,
        after={"watch_below": watch_below, "at_risk_below": at_risk_below},
    )
    return row
