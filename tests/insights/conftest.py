"""Fixtures shared by the insights tests: a frozen clock and a matched pair with goals."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.relationships.models import Goal
from tests.relationships.conftest import NOW, FrozenClock, Pair, make_pair


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch, NOW)


@pytest.fixture
def pair(db: Any, frozen: FrozenClock) -> Pair:
    """A matched mentor and mentee with three goals, two of them achieved."""
    pair = make_pair()
    for i, status in enumerate(["achieved", "achieved", "active"]):
        Goal.objects.create(
            relationship=pair.relationship,
            title=f"Goal {i}",
            status=status,
            due_on=NOW.date(),
            author=pair.mentee,
        )
    return pair
