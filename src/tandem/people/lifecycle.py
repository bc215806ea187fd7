"""What other apps do when the identity provider deactivates a person.

Apps append a callable ``fn(*, person, actor_label) -> None`` to ``deactivation_hooks``
in their ``AppConfig.ready`` (the relationships app pauses the person's relationships and
tells the other members and the program managers), so this app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

deactivation_hooks: list[Callable[..., Any]] = []


def run_deactivation_hooks(*, person: Any, actor_label: str) -> None:
    for hook in deactivation_hooks:
        hook(person=person, actor_label=actor_label)
