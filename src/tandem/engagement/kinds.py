"""The kinds of message Tandem sends, and how a person may choose to receive each.

A notification's ``kind`` (``"meeting.scheduled"``) belongs to the registered kind with the
longest matching prefix (``"meeting"``); preferences are kept per registered kind. Apps add
their own with ``register_kind(MessageKind(...))`` in ``AppConfig.ready``; every nudge rule
registers ``nudge.<rule>`` for itself.
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS = ("in_app", "email", "chat")


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: str
    description: str = ""
    can_silence: bool = True
    urgent: bool = False  # never held for a digest (invites, reminders, security)
    ignores_quiet_hours: bool = False
    email_default: bool = True
    chat_default: bool = False


_KINDS: dict[str, MessageKind] = {}


def register_kind(kind: MessageKind) -> MessageKind:
    _KINDS[kind.key] = kind
    return kind


def all_kinds() -> list[MessageKind]:
    return list(_KINDS.values())


def kind_keys() -> list[str]:
    return list(_KINDS)


def kind_for(notification_kind: str) -> MessageKind:
    """The registered kind a notification belongs to (its longest registered prefix)."""
    key = notification_kind
    while key:
        if key in _KINDS:
            return _KINDS[key]
        key = key.rpartition(".")[0]
    return OTHER


OTHER = MessageKind("other", "Other messages", "Anything not listed above.")

for _kind in (
    MessageKind(
        "security",
        "Security notices",
        "Sign-ins, password and token changes. They cannot be turned off.",
        can_silence=False,
        urgent=True,
        ignores_quiet_hours=True,
    ),
    MessageKind("match", "Matches and requests", "Requests from mentees, answers, new matches."),
    MessageKind("relationship", "Your relationships", "Agreement, pause, resume, end, closure."),
    MessageKind(
        "meeting",
        "Meetings and invites",
        "Invites, changes, cancellations (with the calendar file) and pulses.",
        urgent=True,
    ),
    MessageKind("goal", "Goals and comments", "Goals set, comments on goals."),
    MessageKind("celebration", "Celebrations", "Milestones reached, goals achieved."),
    MessageKind("program", "Programs", "Announcements, enrolment decisions, withdrawals."),
    MessageKind("intervention", "From your program manager", "Messages and check-in requests."),
    MessageKind(
        "digest", "Digest email", "The daily or weekly summary of what is coming up.", urgent=True
    ),
    MessageKind("integration", "Integrations", "Webhook endpoints disabled after failures."),
    OTHER,
):
    register_kind(_kind)
