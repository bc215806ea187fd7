"""Training a program requires before matching, as data: ``Program.required_training``
(``{mentor: [module id], mentee: [module id]}``), ``training_min_score`` (empty: the module
completed; N: its quiz passed with at least N %) and ``training_gate`` (block: a match run
leaves the participant unmatched; warn: it matches them and warns).

Availability (who may open a module) stays separate: any employee opens any published one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from tandem.core.errors import DomainError
from tandem.people.models import Person
from tandem.programs.models import Participant, Program
from tandem.programs.selectors import ChecklistItem

from .models import TrainingModule, TrainingProgress

UNKNOWN_MODULES = "No published training module has id {ids}."
UNMET_REASON = "required training not complete: {modules}"
ROLE_OF = {"mentor": "mentor", "mentee": "mentee", "peer": "mentee"}
ACTIVE_STATUSES = (
    Participant.Status.APPLIED,
    Participant.Status.APPROVED,
    Participant.Status.WAITLISTED,
    Participant.Status.MATCHED,
)


def check_required_training(required: dict[str, list[int]]) -> None:
    """Hook of ``programs.design.training_checks``: every id names a published module."""
    wanted = {i for ids in required.values() for i in ids}
    known = set(
        TrainingModule.objects.filter(pk__in=wanted, published=True).values_list("pk", flat=True)
    )
    if wanted - known:
        ids = ", ".join(str(i) for i in sorted(wanted - known))
        raise DomainError(UNKNOWN_MODULES.format(ids=ids), field="required_training")


def required_ids(program: Program, role: str) -> list[int]:
    rules = program.required_training if isinstance(program.required_training, dict) else {}
    return list(rules.get(ROLE_OF.get(role, role), []))


def is_satisfied(
    progress: TrainingProgress | None, module: TrainingModule, min_score: int | None
) -> bool:
    if progress is None or progress.completed_at is None:
        return False
    if min_score is None or not module.has_quiz:
        return True
    return (progress.score or 0) >= min_score


@dataclass(frozen=True)
class Unmet:
    participant: Participant
    modules: list[TrainingModule]

    @property
    def reason(self) -> str:
        titles = ", ".join(m.title for m in self.modules)
        return UNMET_REASON.format(modules=titles)


def unmet_training(participants: Iterable[Participant]) -> list[Unmet]:
    """Participants (with ``program`` loaded) with required training left, and which modules;
    2 queries whatever the number of participants and programs."""
    participants = list(participants)
    wanted = {i for p in participants for i in required_ids(p.program, p.role)}
    if not wanted:
        return []
    modules = TrainingModule.objects.in_bulk(list(wanted))
    person_ids = {p.person_id for p in participants}
    done = {
        (t.module_id, t.person_id): t
        for t in TrainingProgress.objects.filter(module_id__in=wanted, person_id__in=person_ids)
    }
    unmet = []
    for p in participants:
        floor = p.program.training_min_score
        left = [
            modules[i]
            for i in required_ids(p.program, p.role)
            if i in modules and not is_satisfied(done.get((i, p.person_id)), modules[i], floor)
        ]
        if left:
            unmet.append(Unmet(p, left))
    return unmet


def required_by(person: Person) -> dict[int, list[int]]:
    """{module id: [program ids]} the person's open participations require."""
    rows = Participant.objects.filter(person=person, status__in=ACTIVE_STATUSES).exclude(
        program__status__in=[Program.Status.CLOSED, Program.Status.DRAFT]
    )
    found: dict[int, list[int]] = {}
    for p in rows.select_related("program"):
        for module_id in required_ids(p.program, p.role):
            found.setdefault(module_id, [])
            if p.program_id not in found[module_id]:
                found[module_id].append(p.program_id)
    return found


def enrolment_checklist(person: Person, program: Program, role: str) -> list[ChecklistItem]:
    """Hook of ``programs.selectors.checklist_providers``: the program's required modules."""
    ids = required_ids(program, role)
    if not ids:
        return []
    modules = TrainingModule.objects.in_bulk(ids)
    done = {
        t.module_id: t for t in TrainingProgress.objects.filter(person=person, module_id__in=ids)
    }
    hint = (
        "Matching waits for it."
        if program.training_gate == "block"
        else "The program asks for it before matching."
    )
    return [
        ChecklistItem(
            f"training-{i}",
            f"Training: {modules[i].title} ({modules[i].minutes} min)",
            is_satisfied(done.get(i), modules[i], program.training_min_score),
            hint,
            reverse("learning:module", args=[i]),
            action="start" if i not in done else "continue",
        )
        for i in ids
        if i in modules
    ]
