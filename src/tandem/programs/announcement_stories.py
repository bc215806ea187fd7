"""Success stories an announcement may quote, without programs importing the learning app.

The learning app registers a ``StorySource`` in ``AppConfig.ready``: ``quote(program,
story_id)`` returns the quote or raises ``DomainError(field="story_id")`` for a story that
is not published or belongs to another program; ``choices(program)`` lists the stories the
announce form offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tandem.core.errors import DomainError

from .models import Program

NO_STORIES = "Success stories are not available on this installation."
STORY_QUOTE_START = "A success story: “"


@dataclass(frozen=True)
class StoryQuote:
    story: Any
    title: str
    first_paragraph: str
    url: str

    def as_text(self) -> str:
        return f"{STORY_QUOTE_START}{self.title}”\n{self.first_paragraph}\nRead it: {self.url}"


@dataclass(frozen=True)
class StorySource:
    quote: Callable[[Program, int], StoryQuote]
    choices: Callable[[Program], list[tuple[int, str]]]


STORY_SOURCES: list[StorySource] = []


def quote_story(program: Program, story_id: int) -> StoryQuote:
    if not STORY_SOURCES:
        raise DomainError(NO_STORIES, field="story_id")
    return STORY_SOURCES[0].quote(program, story_id)


def story_choices(program: Program) -> list[tuple[int, str]]:
    return STORY_SOURCES[0].choices(program) if STORY_SOURCES else []
