"""The one registry of nudge rules.

A rule is a subclass of ``NudgeRule`` decorated with ``@register``. Tandem's own rules live
in ``tandem.engagement.nudging.rules``; another app adds its rules in a module named
``nudges`` (``tandem.learning.nudges``), which ``autodiscover()`` imports when the
engagement app is ready — or registers them from its own ``AppConfig.ready``. Each rule
registers the message kind ``nudge.<key>`` so people can choose how they receive it.

The interface (docs/engagement.md has a worked example):

* ``key``, ``label``, ``description``; ``default_enabled``; ``default_days`` (None: the
  rule has no day setting) with ``days_label`` saying what the days count;
  ``configurable = False`` for a rule the program cannot turn off (a deadline).
* ``due(run)`` yields ``Due`` items for every program where the rule is on
  (``run.enabled(self)`` → ``{program_id: days}``) — **in bulk**: a fixed number of
  queries, whatever the number of relationships or people.
* Each ``Due`` names its subject (``subject_type``, ``subject_id``) and an ``occurrence``
  string: (rule, subject, occurrence) is sent at most once, ever (``NudgeLog``). Pick the
  occurrence so that a new one appears exactly when a new nudge is wanted (the date of the
  last meeting, the recipient, the due date…).
* The message (``title``, ``body``, ``url``, ``times`` for times shown in each
  recipient's zone) and an optional ``act`` run in the same transaction (expire a request,
  close a relationship).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.module_loading import autodiscover_modules

from tandem.engagement.kinds import MessageKind, register_kind

if TYPE_CHECKING:
    from .engine import Run


@dataclass
class Due:
    """One nudge to send (to one or more recipients) — or, in a dry run, to count."""

    subject_type: str
    subject_id: int
    occurrence: str
    program_id: int | None
    recipients: list[Any]
    title: str
    body: str = ""
    url: str = ""
    times: dict[str, dt.datetime | dt.date] = field(default_factory=dict)
    act: Callable[[], bool | None] | None = None


class NudgeRule:
    key: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""
    audience: ClassVar[str] = "the relationship's members"
    default_enabled: ClassVar[bool] = True
    default_days: ClassVar[int | None] = None
    days_label: ClassVar[str] = ""
    configurable: ClassVar[bool] = True
    order: ClassVar[int] = 100

    @property
    def kind(self) -> str:
        return f"nudge.{self.key}"

    def due(self, run: Run) -> Iterable[Due]:  # pragma: no cover — every rule overrides it
        raise NotImplementedError


_RULES: dict[str, NudgeRule] = {}


def register(rule_class: type[NudgeRule]) -> type[NudgeRule]:
    """Class decorator: add a rule (and its message kind) to the registry."""
    rule = rule_class()
    if not rule.key.replace("_", "").isalnum() or len(rule.key) > 50:
        raise ValueError(f"nudge rule key {rule.key!r}: lowercase letters, digits, underscores")
    _RULES[rule.key] = rule
    register_kind(
        MessageKind(
            rule.kind,
            f"Reminder: {rule.label.lower()}",
            rule.description,
            urgent=rule.key == "meeting_reminder",
        )
    )
    return rule_class


def unregister(key: str) -> None:
    """For tests that register a rule of their own."""
    _RULES.pop(key, None)


def rules() -> list[NudgeRule]:
    return sorted(_RULES.values(), key=lambda r: (r.order, r.key))


def get_rule(key: str) -> NudgeRule | None:
    return _RULES.get(key)


def rule_keys() -> list[str]:
    return [r.key for r in rules()]


def autodiscover() -> None:
    """Import Tandem's own rules and every installed app's ``nudges`` module."""
    from . import rules as _builtin  # noqa: F401 — registers the built-in rules

    autodiscover_modules("nudges")
