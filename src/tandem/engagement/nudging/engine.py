"""Evaluating the nudge rules and sending what is due — exactly once.

``evaluate(as_of=…, dry_run=…)`` loads the programs and their rule settings, refreshes the
health bands (``risk.refresh_bands``), asks each enabled rule for its due items in bulk,
drops those already in ``NudgeLog``, and — unless it is a dry run — sends the rest in
chunks. Each chunk is one transaction: its ``NudgeLog`` rows (unique per rule, subject and
occurrence), its notifications (the email / chat outbox) and the rules' actions commit
together or not at all. A worker killed mid-batch leaves whole chunks behind; the next run
skips them (their log rows exist) and sends the rest: no duplicate, nothing missed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from tandem.core import clock
from tandem.engagement.models import NudgeLog, NudgeSetting
from tandem.engagement.timefmt import render
from tandem.programs.models import Program

from .registry import Due, NudgeRule, rules

log = logging.getLogger(__name__)
CHUNK = 100
LOOKUP_CHUNK = 10_000
IN_SCOPE = (Program.Status.ENROLLING, Program.Status.MATCHING, Program.Status.ACTIVE)


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    days: int | None


@dataclass
class Run:
    """One evaluation: the moment it stands at and the programs' settings."""

    as_of: dt.date
    now: dt.datetime
    programs: dict[int, Program]
    settings: dict[tuple[int, str], RuleSetting]
    cache: dict[str, Any] = field(default_factory=dict)

    def setting(self, rule: NudgeRule, program_id: int) -> RuleSetting:
        chosen = self.settings.get((program_id, rule.key))
        enabled = rule.default_enabled if chosen is None else chosen.enabled
        days = rule.default_days if chosen is None or chosen.days is None else chosen.days
        if not rule.configurable:
            enabled = True
        return RuleSetting(enabled, days if rule.default_days is not None else None)

    def enabled(self, rule: NudgeRule) -> dict[int, int | None]:
        """``{program_id: days}`` of the programs where ``rule`` is on."""
        result = {}
        for program_id in self.programs:
            chosen = self.setting(rule, program_id)
            if chosen.enabled:
                result[program_id] = chosen.days
        return result


def load_run(as_of: dt.date | None = None, now: dt.datetime | None = None) -> Run:
    """``as_of`` alone means noon UTC of that day (the CLI's ``--as-of``)."""
    if now is None:
        now = dt.datetime.combine(as_of, dt.time(12, 0), tzinfo=dt.UTC) if as_of else clock.now()
    as_of = as_of or now.astimezone(dt.UTC).date()
    programs = {p.pk: p for p in Program.objects.filter(status__in=IN_SCOPE)}
    settings = {
        (s.program_id, s.rule): RuleSetting(s.enabled, s.days)
        for s in NudgeSetting.objects.filter(program__status__in=IN_SCOPE)
    }
    return Run(as_of=as_of, now=now, programs=programs, settings=settings)


@dataclass
class Report:
    as_of: dt.date
    dry_run: bool
    due: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)


def _already_sent(rule: NudgeRule, items: list[Due]) -> set[tuple[str, int, str]]:
    by_type: dict[str, list[int]] = {}
    for item in items:
        by_type.setdefault(item.subject_type, []).append(item.subject_id)
    found: set[tuple[str, int, str]] = set()
    for subject_type, ids in by_type.items():
        unique = sorted(set(ids))
        for start in range(0, len(unique), LOOKUP_CHUNK):
            rows = NudgeLog.objects.filter(
                rule=rule.key,
                subject_type=subject_type,
                subject_id__in=unique[start : start + LOOKUP_CHUNK],
            ).values_list("subject_id", "occurrence")
            found |= {(subject_type, sid, occ) for sid, occ in rows}
    return found


def due_items(rule: NudgeRule, run: Run) -> list[Due]:
    """The rule's due items not sent before (deduplicated within the run too)."""
    if not run.enabled(rule):
        return []
    items = [d for d in rule.due(run) if d.recipients or d.act]
    if not items:
        return []
    sent = _already_sent(rule, items)
    fresh: dict[tuple[str, int, str], Due] = {}
    for item in items:
        key = (item.subject_type, item.subject_id, item.occurrence)
        if key not in sent and key not in fresh:
            fresh[key] = item
    return list(fresh.values())


def _log_row(rule: NudgeRule, item: Due, run: Run) -> NudgeLog:
    return NudgeLog(
        rule=rule.key,
        subject_type=item.subject_type,
        subject_id=item.subject_id,
        occurrence=item.occurrence[:100],
        program_id=item.program_id,
        recipients=len(item.recipients),
        as_of=run.as_of,
    )


def _deliver(rule: NudgeRule, item: Due) -> int:
    from tandem.engagement.services import notify

    if item.act is not None and item.act() is False:
        return 0  # the action found nothing to do (say, the request was answered meanwhile)
    if not item.recipients:
        return 0
    notes = notify(
        recipients=item.recipients,
        kind=rule.kind,
        title=item.title,
        body=item.body,
        url=item.url,
        times=item.times,
    )
    return len(notes)


def _send_chunk(rule: NudgeRule, chunk: list[Due], run: Run) -> tuple[int, int]:
    """One transaction: the log rows, the messages and the actions of ``chunk``."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                NudgeLog.objects.bulk_create([_log_row(rule, item, run) for item in chunk])
            todo = chunk
        except IntegrityError:  # another evaluator sent some of them meanwhile
            todo = []
            for item in chunk:
                try:
                    with transaction.atomic():
                        _log_row(rule, item, run).save()
                    todo.append(item)
                except IntegrityError:
                    continue
        messages = sum(_deliver(rule, item) for item in todo)
    return len(todo), messages


def evaluate(
    *,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    only: list[str] | None = None,
) -> Report:
    """Evaluate every registered rule (or the ``only`` ones) and send what is due."""
    from tandem.engagement import risk

    run = load_run(as_of, now)
    report = Report(as_of=run.as_of, dry_run=dry_run)
    run.cache["bands"] = risk.refresh_bands(run, write=not dry_run)
    for rule in rules():
        if only is not None and rule.key not in only:
            continue
        items = due_items(rule, run)
        report.due[rule.key] = len(items)
        if items:
            first = items[0]
            zone = first.recipients[0].time_zone if first.recipients else None
            report.examples[rule.key] = render(first.title, first.times, zone)
        if dry_run:
            continue
        for start in range(0, len(items), CHUNK):
            sent, messages = _send_chunk(rule, items[start : start + CHUNK], run)
            report.sent[rule.key] += sent
            report.messages[rule.key] += messages
    if not dry_run:
        log.info("nudges as of %s: %s", run.as_of, dict(report.sent))
    return report
