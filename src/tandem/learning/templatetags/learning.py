from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tandem.learning.rendering import render_markdown

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, [])


@register.filter
def markdown(text: str) -> SafeString:
    """Safe HTML of a Markdown text (``rendering.render_markdown``: nh3-sanitised)."""
    return render_markdown(text)
