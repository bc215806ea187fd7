"""The closure survey as relationships see it: a port the surveys app fills.

The closure survey is a survey of the builder (``tandem.surveys``), which imports
relationships; relationships do not import surveys. The surveys app registers its
implementation in ``AppConfig.ready`` (``registry.backend``), as other apps register home
sections and deactivation hooks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from .models import Relationship


@dataclass(frozen=True)
class ClosureAnswer:
    """A member's closure-survey answer as the relationship pages and API show it.

    ``anonymous`` answers are linked to nobody, so only the fact of answering is known."""

    id: int
    relationship_id: int
    survey_id: int
    anonymous: bool
    submitted_on: dt.date
    achieved: str | None = None
    rating: int | None = None
    would_recommend: bool | None = None
    nps: int | None = None


class ClosureSurveys(Protocol):
    """What the surveys app provides (registered in its ``AppConfig.ready``): the closure
    survey is a survey of the builder, and relationships do not import surveys."""

    def prepare(self, relationship: Relationship) -> None: ...

    def answer(
        self,
        *,
        relationship: Relationship,
        actor: Any,
        achieved: str,
        rating: int,
        would_recommend: bool,
        nps: int | None,
    ) -> ClosureAnswer: ...

    def mine(self, *, relationship: Relationship, actor: Any) -> ClosureAnswer | None: ...

    def page(self, request: HttpRequest, relationship: Relationship) -> HttpResponse: ...


class _Registry:
    backend: ClosureSurveys | None = None


registry = _Registry()


def closure_surveys() -> ClosureSurveys:
    if registry.backend is None:  # pragma: no cover - the surveys app is always installed
        raise RuntimeError("The surveys app registers the closure survey; it is not loaded.")
    return registry.backend
