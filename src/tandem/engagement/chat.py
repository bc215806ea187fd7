"""Chat channels: posts to Slack (Block Kit, with a text fallback) and Microsoft Teams
Workflows (an Adaptive Card) incoming webhooks.

A program — or the whole organisation — posts announcements, celebrations and a weekly
program summary; never private content (no names of goals, no notes, no pulses). A person
may also give their own chat webhook for their own notifications (``preferences``).
Posts are written as ``ChatPost`` rows with the change that causes them and sent by a huey
job after commit, retried with backoff (``retry.CHAT_SCHEDULE``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.validation import full_clean_or_raise
from tandem.people.selectors import person_of
from tandem.programs.models import Program

from . import permissions, retry, sender, urlsafety
from .mailer import absolute
from .models import ChatChannel, ChatPost
from .models.integrations import SendStatus

EVENTS = {
    "announcement": "Program announcements",
    "celebration": "Celebrations: milestones reached, goals achieved, relationships completed",
    "weekly_summary": "A weekly summary of the program's figures",
}
UNKNOWN_EVENT = "“{event}” is not a chat event; choose from {choices}."
NO_EVENTS = "Choose at least one event to post."
ADMINS_ONLY = "Only org admins can manage organisation-wide channels."
MANAGERS_ONLY = "Only this program's managers can manage its chat channels."
TEST_TEXT = "Tandem test message: this channel is connected."


# --- message formats ---------------------------------------------------------------------


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(title: str, text: str, url: str = "") -> dict[str, Any]:
    """Block Kit: a header section and an "Open in Tandem" button; ``text`` is the fallback
    shown in notifications and by clients without blocks."""
    body = f"*{_slack_escape(title)}*" + (f"\n{_slack_escape(text)}" if text else "")
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]
    if url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Open in Tandem"},
                        "url": absolute(url),
                    }
                ],
            }
        )
    return {"text": f"{title}" + (f" — {text}" if text else ""), "blocks": blocks}


def teams_payload(title: str, text: str, url: str = "") -> dict[str, Any]:
    """A Teams Workflows message carrying one Adaptive Card (schema 1.4)."""
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True}
        ],
    }
    if text:
        card["body"].append({"type": "TextBlock", "text": text, "wrap": True})
    if url:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": "Open in Tandem", "url": absolute(url)}
        ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def payload_for(kind: str, title: str, text: str, url: str = "") -> dict[str, Any]:
    return slack_payload(title, text, url) if kind == "slack" else teams_payload(title, text, url)


# --- channels ----------------------------------------------------------------------------


def _check_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    for index, event in enumerate(chosen):
        if event not in EVENTS:
            message = UNKNOWN_EVENT.format(event=event, choices=", ".join(EVENTS))
            raise DomainError(message, field=f"events.{index}")
    if not chosen:
        raise DomainError(NO_EVENTS, field="events")
    return chosen


def _require_manager(actor: Any, program: Program | None) -> None:
    if program is None and not permissions.can_manage_org_channels(actor):
        raise NotAllowed(ADMINS_ONLY)
    if program is not None and not permissions.can_manage_program_engagement(actor, program):
        raise NotAllowed(MANAGERS_ONLY)


@transaction.atomic
def create_channel(
    *, actor: Any, program: Program | None, kind: str, url: str, events: list[str], name: str = ""
) -> ChatChannel:
    _require_manager(actor, program)
    urlsafety.check_url(url.strip(), field="url")
    channel = ChatChannel(
        program=program,
        kind=kind,
        url=url.strip(),
        name=name.strip(),
        events=_check_events(events),
        created_by=person_of(actor),
    )
    full_clean_or_raise(channel, exclude=["program", "created_by"])
    channel.save()
    record_audit(
        actor=actor,
        action="chat_channel.create",
        target=channel,
        after=snapshot(channel, ["program_id", "kind", "name", "events"]),
    )
    return channel


@transaction.atomic
def delete_channel(*, actor: Any, channel: ChatChannel) -> None:
    _require_manager(actor, channel.program)
    record_audit(
        actor=actor,
        action="chat_channel.delete",
        target=channel,
        before=snapshot(channel, ["program_id", "kind", "name", "events"]),
    )
    channel.delete()


@transaction.atomic
def send_test_message(*, actor: Any, channel: ChatChannel) -> ChatPost:
    """Queue a test post (sent by the worker; the channel's log shows the outcome)."""
    _require_manager(actor, channel.program)
    where = channel.program.name if channel.program else "the organisation"
    return _queue(channel, "test", TEST_TEXT, f"Posts from Tandem for {where} arrive here.", "")


def _queue(channel: ChatChannel, event: str, title: str, text: str, url: str) -> ChatPost:
    post = ChatPost.objects.create(
        channel=channel,
        event=event,
        text=f"{title} — {text}"[:2000] if text else title[:2000],
        payload=payload_for(channel.kind, title, text, url),
        next_attempt_at=clock.now(),
    )
    transaction.on_commit(lambda: _enqueue(post.pk))
    return post


def _enqueue(post_id: int) -> None:
    from .tasks import deliver_chat_post

    deliver_chat_post(post_id)


def post_to_channels(
    *, event: str, title: str, text: str = "", url: str = "", program: Program | None = None
) -> list[ChatPost]:
    """Queue a post on every enabled channel of ``program`` and every organisation-wide
    channel that subscribed to ``event``. Call it inside the transaction of the change."""
    scope = Q(program__isnull=True) | (Q(program=program) if program is not None else Q())
    channels = [c for c in ChatChannel.objects.filter(scope, enabled=True) if event in c.events]
    return [_queue(channel, event, title, text, url) for channel in channels]


# --- delivery ----------------------------------------------------------------------------


def deliver_post(post_id: int) -> str:
    """Send one pending post if it is due; on failure schedule the next attempt."""
    now = clock.now()
    with transaction.atomic():
        post = (
            ChatPost.objects.select_for_update()
            .select_related("channel")
            .filter(pk=post_id, status=SendStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if post is None:
            return "not due"
        post.attempts += 1
        post.next_attempt_at = retry.next_attempt(retry.CHAT_SCHEDULE, post.attempts, now)
        if post.next_attempt_at is None:
            post.status = SendStatus.FAILED  # unless this attempt succeeds
        post.save(update_fields=["attempts", "next_attempt_at", "status"])
    outcome = sender.post(post.channel.url, json.dumps(post.payload).encode(), {})
    fields: dict[str, Any] = {"last_status_code": outcome.status_code, "last_error": outcome.error}
    if outcome.ok:
        fields.update(status=SendStatus.SUCCEEDED, sent_at=clock.now(), next_attempt_at=None)
    elif not outcome.error:
        fields["last_error"] = f"HTTP {outcome.status_code}: {outcome.body[:200]}"
    ChatPost.objects.filter(pk=post.pk).update(**fields)
    return "sent" if outcome.ok else "failed"


def due_post_ids(limit: int = 200) -> list[int]:
    return list(
        ChatPost.objects.filter(status=SendStatus.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def send_personal(kind: str, url: str, title: str, link: str) -> sender.Outcome:
    """A person's own chat: the title and a link only (the rest stays in Tandem)."""
    payload = payload_for(kind, title, "", link)
    return sender.post(url, json.dumps(payload).encode(), {})
