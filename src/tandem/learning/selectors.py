"""Reads of the learning app. ``access_*`` fetch and authorise (404 for what is hidden)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tandem.core.permissions import is_org_admin
from tandem.people.selectors import person_of

from . import gating, permissions
from .models import TrainingModule, TrainingProgress, TrainingSection


def list_modules(actor: Any, *, audience: str = "") -> QuerySet[TrainingModule]:
    rows = TrainingModule.objects.prefetch_related(
        Prefetch("sections", queryset=TrainingSection.objects.order_by("position", "id"))
    )
    if not is_org_admin(actor):
        rows = rows.filter(published=True)
    if audience:
        rows = rows.filter(audience__in=[audience, TrainingModule.Audience.EVERYONE])
    return rows


def access_module_by_id(*, actor: Any, module_id: int) -> TrainingModule:
    module = list_modules(actor).filter(pk=module_id).first()
    if module is None or not permissions.can_view_module(actor, module):
        raise Http404("No such training module.")
    return module


def learner_quiz(module: TrainingModule) -> dict[str, Any]:
    """The quiz as a learner sees it before answering: no ``correct`` anywhere."""
    if not module.has_quiz:
        return {}
    return {
        "pass_mark": module.quiz.get("pass_mark", 80),
        "questions": [
            {
                "text": q["text"],
                "kind": q["kind"],
                "options": [{"text": o["text"]} for o in q["options"]],
            }
            for q in module.quiz["questions"]
        ],
    }


def progress_of(actor: Any, module: TrainingModule) -> TrainingProgress | None:
    person = person_of(actor)
    if person is None:
        return None
    return TrainingProgress.objects.filter(person=person, module=module).first()


@dataclass(frozen=True)
class MyModule:
    module: TrainingModule
    status: str
    progress: TrainingProgress | None
    required_by: list[int]

    @property
    def sections_done(self) -> int:
        return len(self.progress.sections_done) if self.progress else 0


def my_training(actor: Any) -> list[MyModule]:
    """Every published module for the caller with their status; required ones first."""
    person = person_of(actor)
    modules = list(TrainingModule.objects.filter(published=True).prefetch_related("sections"))
    if person is None:
        return [MyModule(m, "not_started", None, []) for m in modules]
    progress = {t.module_id: t for t in TrainingProgress.objects.filter(person=person)}
    required = gating.required_by(person)
    rows = [
        MyModule(
            m,
            progress[m.pk].status if m.pk in progress else "not_started",
            progress.get(m.pk),
            required.get(m.pk, []),
        )
        for m in modules
    ]
    return sorted(rows, key=lambda r: (not r.required_by, r.status == "completed", r.module.title))


@dataclass(frozen=True)
class ProgramTrainingRow:
    participant: Any
    unmet: list[TrainingModule]


def program_training(program: Any) -> list[ProgramTrainingRow]:
    """Who in a program still has required training left (managers' view)."""
    from tandem.programs.models import Participant

    participants = list(
        Participant.objects.filter(program=program, status__in=gating.ACTIVE_STATUSES)
        .select_related("person", "program")
        .order_by("role", "person__full_name")
    )
    unmet = {u.participant.pk: u.modules for u in gating.unmet_training(participants)}
    return [ProgramTrainingRow(p, unmet.get(p.pk, [])) for p in participants]


def training_holds(participants: list[Any]) -> list[tuple[Any, str]]:
    """(participant, "required training not complete: …") for those with training left;
    ``participants`` need ``program`` loaded. The match run uses it (docs/learning.md)."""
    return [(u.participant, u.reason) for u in gating.unmet_training(participants)]
