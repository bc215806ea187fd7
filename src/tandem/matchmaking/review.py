"""Writes of the matching workflow, part two: the manager reviews a completed run.

Lock/unlock, reject/restore and reassign proposals (``update_proposal``), give an unmatched
mentee a mentor by hand (``assign_unmatched``) and check a manual pair before it is made
(``assignment_check``: score, reasons and warnings). Only a completed, unpublished run can be
changed; every edit marks the run edited and recomputes its summary
(``execution.refresh_summary``). Same rules as ``services.py``: keyword-only, permission
checked, atomic, audited, message constants below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, FieldError
from tandem.programs.models import Participant

from . import translate
from .access import require_manager
from .execution import refresh_summary
from .models import MatchRun, Proposal, UnmatchedParticipant

NOT_EDITABLE = "This run is {status}; only a completed, unpublished run can be changed."
ALREADY_PUBLISHED = "This run was already published; a published run is read-only."
LOCKED = "Unlock this pair before rejecting or reassigning it."
REJECTED = "This pair is rejected; restore it before locking it."
NOT_A_MENTOR = "{name} is not an approved mentor of this program."
SAME_MENTOR = "{name} is already this mentee's mentor in this run."
PEER_REASSIGN = "Peer pairs cannot be reassigned one by one: reject the pair and re-run."
ALREADY_PROPOSED = "{name} already has a pair in this run."
WARN_CAPACITY = "{mentor} would have {count} mentees in this run but has {free} free seat(s)."
WARN_FORBIDDEN = "This pair breaks a hard rule: {rules}."
WARN_BELOW_MIN = "This pair scores {score}%, below the program's minimum of {minimum}%."
CONFIRM = "Confirm to override: {warnings}"


@dataclass(frozen=True)
class ProposalChange:
    proposal: Proposal
    warnings: list[str]


def _editable(run: MatchRun) -> None:
    if run.status == MatchRun.Status.PUBLISHED:
        raise ConflictError(ALREADY_PUBLISHED)
    if run.status != MatchRun.Status.COMPLETED:
        raise ConflictError(NOT_EDITABLE.format(status=run.get_status_display().lower()))


def _seats_used(run: MatchRun, mentor: Participant, exclude: int | None) -> int:
    rows = Proposal.objects.filter(run=run, mentor=mentor, rejected=False)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.count()


def assignment_check(
    *, run: MatchRun, mentee: Participant, mentor: Participant, exclude: int | None = None
) -> tuple[float | None, list[dict[str, Any]], list[str]]:
    """Score, reasons and warnings (capacity, hard rules, minimum score) of a manual pair."""
    program = run.program
    if (
        mentor.program_id != program.pk
        or mentor.role != Participant.Role.MENTOR
        or mentor.status not in translate.MENTOR_STATUSES
    ):
        raise DomainError(NOT_A_MENTOR.format(name=mentor.person.full_name), field="mentor_id")
    cohort = translate.build_cohort(
        program,
        [mentee],
        [mentor],
        kind=run.kind,
        weights=run.weights,
        forbidden=translate.forbidden_pairs(program),
        text_corpus=translate.cohort_texts(program, run.kind, [mentee], [mentor]),
    )
    score, reasons = translate.explain_pair(cohort, mentee.pk, mentor.pk)
    warnings = []
    free = cohort.seats.get(mentor.pk, 0)
    count = _seats_used(run, mentor, exclude) + 1
    if count > free:
        warnings.append(
            WARN_CAPACITY.format(mentor=mentor.person.full_name, count=count, free=free)
        )
    rules = translate.forbidding_rules(cohort, mentee.pk, mentor.pk)
    if rules:
        warnings.append(WARN_FORBIDDEN.format(rules=", ".join(rules)))
    elif score is not None and score < cohort.min_score:
        warnings.append(
            WARN_BELOW_MIN.format(score=round(score * 100), minimum=round(cohort.min_score * 100))
        )
    return score, reasons, warnings


def _confirm(warnings: list[str], confirm: bool) -> None:
    if warnings and not confirm:
        raise DomainError(
            CONFIRM.format(warnings=" ".join(warnings)),
            errors=[FieldError("mentor_id", w) for w in warnings],
            status_code=409,
        )


@transaction.atomic
def update_proposal(
    *,
    proposal: Proposal,
    actor: Any,
    locked: bool | None = None,
    rejected: bool | None = None,
    mentor: Participant | None = None,
    confirm: bool = False,
) -> ProposalChange:
    """Lock/unlock, reject/restore, or reassign the mentor of a proposal.

    A reassignment that exceeds the mentor's free capacity or breaks a hard rule raises a
    409 listing the warnings unless ``confirm`` is set.
    """
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=proposal.run_id)
    require_manager(actor, run.program)
    _editable(run)
    proposal = Proposal.objects.select_related("mentee__person", "mentor__person").get(
        pk=proposal.pk
    )
    before = snapshot(proposal, ["mentor_id", "locked", "rejected", "score"])
    warnings: list[str] = []
    if mentor is not None and mentor.pk != proposal.mentor_id:
        warnings = _reassign(run, proposal, mentor, confirm)
    elif mentor is not None and locked is None and rejected is None:
        raise DomainError(SAME_MENTOR.format(name=mentor.person.full_name), field="mentor_id")
    if rejected is not None:
        if rejected and (proposal.locked and locked is not False):
            raise ConflictError(LOCKED, field="rejected")
        proposal.rejected = rejected
    if locked is not None:
        if locked and proposal.rejected:
            raise ConflictError(REJECTED, field="locked")
        proposal.locked = locked
    proposal.save()
    record_audit(
        actor=actor,
        action="match_run.proposal",
        target=proposal,
        before=before,
        after=snapshot(proposal, ["mentor_id", "locked", "rejected", "score"]),
    )
    _mark_edited(run)
    return ProposalChange(proposal, warnings)


def _reassign(run: MatchRun, proposal: Proposal, mentor: Participant, confirm: bool) -> list[str]:
    if run.kind == MatchRun.Kind.PEER:
        raise DomainError(PEER_REASSIGN, field="mentor_id")
    if proposal.locked:
        raise ConflictError(LOCKED, field="mentor_id")
    score, reasons, warnings = assignment_check(
        run=run, mentee=proposal.mentee, mentor=mentor, exclude=proposal.pk
    )
    _confirm(warnings, confirm)
    proposal.original_mentor_id = proposal.original_mentor_id or proposal.mentor_id
    proposal.mentor = mentor
    proposal.score, proposal.reasons = score, reasons
    proposal.manual, proposal.warnings = True, warnings
    proposal.rejected = False
    return warnings


@transaction.atomic
def assign_unmatched(
    *,
    run: MatchRun,
    participant: Participant,
    mentor: Participant,
    actor: Any,
    confirm: bool = False,
) -> ProposalChange:
    """Give an unmatched mentee a mentor by hand (same warnings as a reassignment)."""
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    require_manager(actor, run.program)
    _editable(run)
    if run.kind == MatchRun.Kind.PEER:
        raise DomainError(PEER_REASSIGN, field="mentor_id")
    if Proposal.objects.filter(run=run, mentee=participant).exists():
        raise ConflictError(ALREADY_PROPOSED.format(name=participant.person.full_name))
    score, reasons, warnings = assignment_check(run=run, mentee=participant, mentor=mentor)
    _confirm(warnings, confirm)
    proposal = Proposal.objects.create(
        run=run,
        mentee=participant,
        mentor=mentor,
        score=score,
        reasons=reasons,
        manual=True,
        warnings=warnings,
    )
    UnmatchedParticipant.objects.filter(run=run, participant=participant).delete()
    record_audit(actor=actor, action="match_run.assign", target=proposal, after=snapshot(proposal))
    _mark_edited(run)
    return ProposalChange(proposal, warnings)


def _mark_edited(run: MatchRun) -> None:
    run.stats = {**run.stats, "edited": True}
    refresh_summary(run)
