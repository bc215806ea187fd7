"""Every email Tandem's engagement app sends is built here, and only here.

* **Header values are sanitised in one place** (``header_safe``): a subject made of a goal
  title with a line break would otherwise make Django refuse the message (``BadHeaderError``)
  — every retry would fail the same way and the message would be lost.
* Multipart: plain text and HTML, the HTML's CSS inlined by ``css-inline``.
* One-click unsubscribe (RFC 8058): ``List-Unsubscribe`` and ``List-Unsubscribe-Post``
  headers and a link in the footer, with a signed token (no login needed).
* Links are absolute, on ``TANDEM_BASE_URL``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from tandem.people.models import Person

from . import kinds as kind_registry
from .unsubscribe import ALL, unsubscribe_path

SUBJECT_LIMIT = 200
_SPACES = re.compile(r"\s+")
_INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def header_safe(value: str, limit: int = SUBJECT_LIMIT) -> str:
    """One line fit for an email header: line breaks, tabs and other control characters
    become single spaces, the result is trimmed and cut to ``limit`` characters."""
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in str(value)
    )
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or "Tandem"


def absolute(url: str) -> str:
    base = str(getattr(settings, "TANDEM_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def unsubscribe_kind(notification_kind: str) -> str:
    kind = kind_registry.kind_for(notification_kind)
    return kind.key if kind.can_silence else ALL


def build_email(
    *,
    person: Person,
    subject: str,
    template: str,
    context: dict[str, Any],
    kind: str,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> EmailMultiAlternatives:
    """Render ``<template>.txt`` and ``<template>.html`` into a multipart message."""
    unsubscribe = absolute(unsubscribe_path(person.pk, unsubscribe_kind(kind)))
    safe_subject = header_safe(subject)
    full = {
        **context,
        "person": person,
        "subject": safe_subject,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute("/notifications/settings/"),
        "base_url": absolute("/"),
        "kind_label": kind_registry.kind_for(kind).label,
        "can_unsubscribe": kind_registry.kind_for(kind).can_silence,
    }
    text = render_to_string(f"{template}.txt", full)
    html = _INLINER.inline(render_to_string(f"{template}.html", full))
    message = EmailMultiAlternatives(
        subject=safe_subject,
        body=text,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Tandem-Kind": header_safe(kind, 60),
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(header_safe(filename, 100), content, mimetype)
    return message
