"""The engagement app's data: notifications and preferences, nudges and the at-risk chain,
chat channels and outbound webhooks."""

from .integrations import ChatChannel, ChatPost, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .notifications import Notification, NotificationPreference
from .nudges import Intervention, NudgeLog, NudgeSetting, ProgramEngagement, RelationshipWatch

__all__ = [
    "ChatChannel",
    "ChatPost",
    "Intervention",
    "Notification",
    "NotificationPreference",
    "NudgeLog",
    "NudgeSetting",
    "ProgramEngagement",
    "RelationshipWatch",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
