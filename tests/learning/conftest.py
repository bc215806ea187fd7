"""Fixtures for the learning app: shipped modules exist (the data migration installs them)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tandem.learning.models import TrainingModule, TrainingSection

QUIZ = {
    "pass_mark": 50,
    "questions": [
        {
            "text": "Two plus two?",
            "kind": "single",
            "options": [{"text": "4", "correct": True}, {"text": "5", "correct": False}],
        },
        {
            "text": "Prime numbers?",
            "kind": "multiple",
            "options": [
                {"text": "2", "correct": True},
                {"text": "3", "correct": True},
                {"text": "4", "correct": False},
            ],
        },
    ],
}


def make_module(title: str = "Listening", *, quiz: Any = None, sections: int = 2, **kw: Any) -> Any:
    module = TrainingModule.objects.create(
        title=title, quiz=copy.deepcopy(QUIZ) if quiz is None else quiz, minutes=10, **kw
    )
    for i in range(sections):
        TrainingSection.objects.create(
            module=module, position=i, title=f"Part {i + 1}", body_markdown=f"Text {i + 1}"
        )
    return module


@pytest.fixture
def module(db: Any) -> Any:
    return make_module()


def module_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Asking good questions",
        "audience": "mentors",
        "minutes": 12,
        "sections": [{"title": "Open questions", "body_markdown": "Ask *what* and *how*."}],
        "quiz": copy.deepcopy(QUIZ),
        **overrides,
    }
