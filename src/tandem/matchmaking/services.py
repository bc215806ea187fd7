"""Writes of the matching workflow: start and execute runs, review proposals, publish, rematch.

Every service is keyword-only, checks permission, runs in a transaction, writes the audit log
and raises ``DomainError`` (400), ``NotAllowed`` (403) or ``ConflictError`` (409) with a
message constant from this module. Mentee-choice requests and bookmarks live in
``choice.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit, snapshot
from tandem.core.errors import ConflictError, DomainError, FieldError, NotAllowed
from tandem.people.models import Person
from tandem.programs import services as program_services
from tandem.programs.design import clean_weights
from tandem.programs.models import Participant, Program
from tandem.programs.permissions import person_id_of

from . import permissions, translate
from .models import ExcludedPair, MatchRun, Proposal, UnmatchedParticipant

log = logging.getLogger(__name__)

NOT_A_MANAGER = "Only this program's managers can run and review matching."
BAD_SOLVER = "Choose the optimal or the stable solver."
STABLE_PAIRS_ONLY = (
    "The stable solver matches mentees to mentors; group and peer programs use the optimal one."
)
OTHER_PROGRAM_RUN = "That run belongs to another program."
RUN_IN_PROGRESS = "A run of this program is already in progress; wait for it to finish."
NOT_EDITABLE = "This run is {status}; only a completed, unpublished run can be changed."
ALREADY_PUBLISHED = "This run was already published; a published run is read-only."
NOT_READY = "This run is {status}; publish it once it has completed."
NOTHING_TO_PUBLISH = "There is no pair to publish: every proposal is rejected."
UNAVAILABLE = "{name} is no longer available ({status}); reject their pair or re-run first."
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
WORKER_FAILED = "The matching failed: {error}"
REMATCH_REASON = "Say why the relationship ends (the members see it)."

RUN_STALE_AFTER_SECONDS = 1800
MAX_CAPACITY = 50
_PROGRESS = {
    "translate": (10, "Reading participants and profiles"),
    "solve": (40, "Solving"),
    "explain": (70, "Explaining proposals"),
    "save": (85, "Saving proposals"),
}


def _require_manager(actor: Any, program: Program) -> None:
    if not permissions.can_manage_matching(actor, program):
        raise NotAllowed(NOT_A_MANAGER)


def _person(actor: Any) -> Person | None:
    person_id = person_id_of(actor)
    return Person.objects.filter(pk=person_id).first() if person_id else None


# --- starting and executing a run ----------------------------------------------------------


def _check_options(program: Program, solver: str, weights: Mapping[str, Any] | None) -> None:
    if solver not in MatchRun.Solver.values:
        raise DomainError(BAD_SOLVER, field="solver")
    if solver == MatchRun.Solver.STABLE and translate.kind_for(program) != MatchRun.Kind.PAIR:
        raise DomainError(STABLE_PAIRS_ONLY, field="solver")
    if weights:
        try:
            clean_weights(dict(weights))
        except DomainError as exc:
            raise DomainError(exc.message, field="weights") from None


def _check_no_run_in_progress(program: Program) -> None:
    since = clock.now() - dt.timedelta(seconds=RUN_STALE_AFTER_SECONDS)
    busy = MatchRun.objects.filter(
        program=program,
        status__in=(MatchRun.Status.QUEUED, MatchRun.Status.RUNNING),
        created_at__gte=since,
    )
    if busy.exists():
        raise ConflictError(RUN_IN_PROGRESS)


@transaction.atomic
def start_match_run(
    *,
    program: Program,
    actor: Any,
    weights: Mapping[str, float] | None = None,
    solver: str = MatchRun.Solver.OPTIMAL,
    prioritize_coverage: bool = True,
    parent: MatchRun | None = None,
    enqueue: bool = True,
) -> MatchRun:
    """Queue a run; the worker executes it after commit (``tasks.run_match_run``).

    With ``parent`` the run re-runs around the parent's locked pairs (they are copied, fixed)
    and never proposes the parent's rejected pairs — the "re-run" and "what if" of the
    review page. ``enqueue=False`` leaves execution to the caller (demo, benchmark).
    """
    _require_manager(actor, program)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    _check_options(program, solver, weights)
    if parent is not None and parent.program_id != program.pk:
        raise DomainError(OTHER_PROGRAM_RUN, field="parent_id")
    _check_no_run_in_progress(program)
    run = MatchRun(
        program=program,
        kind=translate.kind_for(program),
        solver=solver,
        weights=translate.program_weights(program, weights),
        prioritize_coverage=prioritize_coverage,
        created_by=_person(actor),
        parent=parent,
        progress_message="Waiting for a worker",
    )
    run.full_clean()
    run.save()
    if parent is not None:
        Proposal.objects.bulk_create(
            [
                Proposal(
                    run=run,
                    mentee_id=p.mentee_id,
                    mentor_id=p.mentor_id,
                    score=p.score,
                    reasons=p.reasons,
                    locked=True,
                    manual=p.manual,
                    original_mentor_id=p.original_mentor_id,
                    warnings=p.warnings,
                )
                for p in parent.proposals.filter(locked=True)
            ]
        )
    record_audit(actor=actor, action="match_run.start", target=run, after=snapshot(run))
    if enqueue:
        run_id = run.pk

        def _enqueue() -> None:
            from .tasks import run_match_run

            run_match_run(run_id)

        transaction.on_commit(_enqueue)
    return run


def _progress(run_id: int, phase: str) -> None:
    percent, message = _PROGRESS[phase]
    MatchRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message)


def _claim(run_id: int) -> bool:
    """Queued → running, once: a second execution of the same run does nothing."""
    return bool(
        MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
            status=MatchRun.Status.RUNNING,
            started_at=clock.now(),
            progress=5,
            progress_message="Starting",
        )
    )


def _forbidden_by_parent(run: MatchRun) -> set[translate.Pair]:
    if run.parent_id is None:
        return set()
    rows = Proposal.objects.filter(run_id=run.parent_id, rejected=True)
    return set(rows.values_list("mentee_id", "mentor_id"))


@dataclass
class _Timer:
    phases: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.started, 4)
        self.started = now


def execute_match_run(run_id: int) -> MatchRun:
    """Solve a queued run and save its proposals; idempotent (a finished run is left alone).

    Progress is written as it goes (outside the final transaction) so the page can poll it.
    Any error marks the run failed with a readable message.
    """
    if not _claim(run_id):
        return MatchRun.objects.get(pk=run_id)
    run = MatchRun.objects.select_related("program").get(pk=run_id)
    timer = _Timer()
    try:
        _progress(run_id, "translate")
        locked = list(run.proposals.filter(locked=True).values_list("mentee_id", "mentor_id"))
        cohort = translate.load_cohort(
            run.program, weights=run.weights, locked=locked, forbidden=_forbidden_by_parent(run)
        )
        timer.lap("translate")
        _progress(run_id, "solve")
        result = translate.solve(
            cohort, solver=run.solver, prioritize_coverage=run.prioritize_coverage
        )
        timer.lap("solve")
        _progress(run_id, "explain")
        proposals, unmatched = translate.explain(cohort, result)
        timer.lap("explain")
        _progress(run_id, "save")
        return _save_results(
            run_id,
            cohort=cohort,
            result=result,
            proposals=proposals,
            unmatched=unmatched,
            timer=timer,
        )
    except Exception as exc:
        log.exception("match run %s failed", run_id)
        message = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.FAILED,
            error=WORKER_FAILED.format(error=message)[:4000],
            progress=100,
            progress_message="Failed",
            finished_at=clock.now(),
        )
        return MatchRun.objects.get(pk=run_id)


@transaction.atomic
def _save_results(
    run_id: int,
    *,
    cohort: translate.Cohort,
    result: Any,
    proposals: list[translate.ProposalData],
    unmatched: list[translate.UnmatchedData],
    timer: _Timer,
) -> MatchRun:
    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run_id)
    if run.status != MatchRun.Status.RUNNING:
        return run
    run.proposals.filter(locked=False).delete()
    run.unmatched.all().delete()
    Proposal.objects.bulk_create(
        [
            Proposal(run=run, mentee=p.mentee, mentor=p.mentor, score=p.score, reasons=p.reasons)
            for p in proposals
        ],
        batch_size=500,
    )
    UnmatchedParticipant.objects.bulk_create(
        [
            UnmatchedParticipant(run=run, participant=u.participant, code=u.code, reason=u.reason)
            for u in unmatched
        ],
        batch_size=500,
    )
    timer.lap("save")
    phases = timer.phases
    run.stats = {
        "objective": round(float(result.total_score), 6),
        "seconds": round(float(result.seconds), 4),
        "certified_optimal": bool(result.certified_optimal),
        "method": getattr(result, "method", ""),
        "mentees": len(cohort.mentees),
        "mentors": len(cohort.mentors) if cohort.kind != MatchRun.Kind.PEER else 0,
        "seats": int(cohort.capacities.sum()) if cohort.kind != MatchRun.Kind.PEER else 0,
        "min_score": cohort.min_score,
        "weights_used": cohort.settings.weights,
        "ignored_criteria": list(cohort.settings.ignored),
        "phases": {**phases, "total": round(sum(phases.values()), 4)},
        "edited": False,
    }
    refresh_summary(run, save=False)
    run.status = MatchRun.Status.COMPLETED
    run.progress, run.progress_message = 100, "Done"
    run.finished_at = clock.now()
    run.save()
    return run


def refresh_summary(run: MatchRun, *, save: bool = True) -> MatchRun:
    """Recompute matched/unmatched/mean score and the fairness table from the saved rows."""
    from .selectors import run_outcomes

    outcomes = run_outcomes(run)
    matched = [o for o in outcomes if o.matched]
    scores = [o.score for o in matched if o.score is not None]
    run.stats = {
        **run.stats,
        "matched": len(matched),
        "unmatched": len(outcomes) - len(matched),
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
        "match_rate": round(len(matched) / len(outcomes), 4) if outcomes else None,
        "locked": run.proposals.filter(locked=True).count(),
        "rejected": run.proposals.filter(rejected=True).count(),
    }
    run.fairness = translate.fairness_of(outcomes)
    if save:
        run.save(update_fields=["stats", "fairness", "updated_at"])
    return run


# --- reviewing proposals -------------------------------------------------------------------


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
    _require_manager(actor, run.program)
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
    _require_manager(actor, run.program)
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


# --- publishing ----------------------------------------------------------------------------


def _groups(run: MatchRun, proposals: list[Proposal]) -> list[list[Proposal]]:
    if run.kind != MatchRun.Kind.CIRCLE:
        return [[p] for p in proposals]
    by_mentor: dict[int, list[Proposal]] = defaultdict(list)
    for p in proposals:
        by_mentor[p.mentor_id].append(p)
    return list(by_mentor.values())


def _check_available(run: MatchRun, proposals: list[Proposal]) -> None:
    for p in proposals:
        seekers = [p.mentee, p.mentor] if run.kind == MatchRun.Kind.PEER else [p.mentee]
        for who in seekers:
            if who.status != Participant.Status.APPROVED:
                name, status = who.person.full_name, who.get_status_display().lower()
                raise ConflictError(UNAVAILABLE.format(name=name, status=status))
        if run.kind != MatchRun.Kind.PEER and p.mentor.status not in translate.MENTOR_STATUSES:
            name, status = p.mentor.person.full_name, p.mentor.get_status_display().lower()
            raise ConflictError(UNAVAILABLE.format(name=name, status=status))


@transaction.atomic
def publish_match_run(*, run: MatchRun, actor: Any) -> list[Any]:
    """Create a pending relationship per pair (per circle), mark people matched, notify them.

    Once only: a second publish is a 409 and a published run is read-only.
    """
    from tandem.relationships.services import create_relationship

    run = MatchRun.objects.select_for_update().select_related("program").get(pk=run.pk)
    _require_manager(actor, run.program)
    if run.status == MatchRun.Status.PUBLISHED:
        raise ConflictError(ALREADY_PUBLISHED)
    if run.status != MatchRun.Status.COMPLETED:
        raise ConflictError(NOT_READY.format(status=run.get_status_display().lower()))
    proposals = list(
        run.proposals.filter(rejected=False)
        .select_related("mentee__person", "mentor__person")
        .order_by("mentor_id", "id")
    )
    if not proposals:
        raise DomainError(NOTHING_TO_PUBLISH)
    _check_available(run, proposals)
    _apply_capacity_overrides(run, proposals, actor)
    created = []
    for group in _groups(run, proposals):
        kind, mentor, mentees = _shape(run, group)
        relationship = create_relationship(
            program=run.program,
            mentor=mentor,
            mentees=mentees,
            kind=kind,
            actor=actor,
            match_score=_mean([p.score for p in group]),
            match_reasons=_group_reasons(group),
            match_run_id=run.pk,
            notify=False,
        )
        _notify_matched(run, group, relationship)
        created.append(relationship)
    run.status = MatchRun.Status.PUBLISHED
    run.published_at = clock.now()
    run.published_by = _person(actor)
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_audit(
        actor=actor,
        action="match_run.publish",
        target=run,
        after={"relationships": [r.pk for r in created], "pairs": len(proposals)},
    )
    return created


def _apply_capacity_overrides(run: MatchRun, proposals: list[Proposal], actor: Any) -> None:
    """A manager who confirmed a pair over a mentor's capacity raised that capacity."""
    if run.kind == MatchRun.Kind.PEER:
        return
    counts: dict[int, int] = defaultdict(int)
    overridden: set[int] = set()
    mentors = {p.mentor_id: p.mentor for p in proposals}
    for p in proposals:
        counts[p.mentor_id] += 1
        if p.manual and p.warnings:
            overridden.add(p.mentor_id)
    loads = translate.open_loads(list(overridden))
    for mentor_id in overridden:
        mentor = mentors[mentor_id]
        needed = min(loads.get(mentor_id, 0) + counts[mentor_id], MAX_CAPACITY)
        if needed > mentor.capacity:
            record_audit(
                actor=actor,
                action="participant.capacity",
                target=mentor,
                before={"capacity": mentor.capacity},
                after={"capacity": needed, "reason": f"override confirmed in match run {run.pk}"},
            )
            mentor.capacity = needed
            Participant.objects.filter(pk=mentor_id).update(capacity=needed)


def _shape(
    run: MatchRun, group: list[Proposal]
) -> tuple[str, Participant | None, list[Participant]]:
    if run.kind == MatchRun.Kind.PEER:
        return "peer", None, [group[0].mentee, group[0].mentor]
    kind = "circle" if run.kind == MatchRun.Kind.CIRCLE and len(group) > 1 else "pair"
    return kind, group[0].mentor, [p.mentee for p in group]


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 4) if present else None


CIRCLE_DETAILS = {
    "skills": "the mentor has skills the circle wants to develop",
    "goals_text": "the mentor's experience fits the circle's career goals",
    "seniority": "a suitable seniority gap",
    "department": "the department mix the program asks for",
    "time_zone": "overlapping working hours",
    "language": "a shared language",
    "format": "compatible meeting formats",
    "interests": "shared interests outside work",
    "requested": "members asked for this mentor",
}


def _group_reasons(group: list[Proposal]) -> list[dict[str, Any]]:
    """What the relationship shows under "why you were matched": the criteria that added."""
    if len(group) == 1:
        return [r for r in group[0].reasons if float(r.get("contribution") or 0) > 0]
    totals: dict[str, float] = defaultdict(float)
    for p in group:
        for r in p.reasons:
            totals[r["criterion"]] += float(r.get("contribution") or 0) / len(group)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    return [
        {"criterion": c, "contribution": round(v, 4), "detail": CIRCLE_DETAILS.get(c, c)}
        for c, v in ranked
        if v > 0
    ]


def _why(reasons: list[dict[str, Any]], limit: int = 3) -> str:
    details = [r["detail"] for r in reasons if float(r.get("contribution") or 0) > 0][:limit]
    return "; ".join(details)


def _notify_matched(run: MatchRun, group: list[Proposal], relationship: Any) -> None:
    from tandem.engagement.services import notify

    url = reverse("relationships:detail", args=[relationship.pk])
    program = run.program.name
    footer = "Open the relationship and accept the mentoring agreement to get started."
    if run.kind == MatchRun.Kind.PEER:
        a, b = group[0].mentee.person, group[0].mentor.person
        why = _why(group[0].reasons)
        for me, other in ((a, b), (b, a)):
            notify(
                recipients=[me],
                kind="match.published",
                title=f"You are paired with {other.full_name} in {program}",
                body=f"Why: {why}.\n\n{footer}" if why else footer,
                url=url,
            )
        return
    mentor = group[0].mentor.person
    for p in group:
        why = _why(p.reasons)
        notify(
            recipients=[p.mentee.person],
            kind="match.published",
            title=f"You have been matched with {mentor.full_name} in {program}",
            body=f"Why you were matched: {why}.\n\n{footer}" if why else footer,
            url=url,
        )
    names = ", ".join(p.mentee.person.full_name for p in group)
    criteria = ", ".join(
        r["criterion"].replace("_", " ") for r in _group_reasons(group)[:3] if r["contribution"]
    )
    notify(
        recipients=[mentor],
        kind="match.published",
        title=f"You will mentor {names} in {program}",
        body=(f"What made the match: {criteria}.\n\n" if criteria else "") + footer,
        url=url,
    )


# --- rematch -------------------------------------------------------------------------------


@transaction.atomic
def rematch_relationship(*, relationship: Any, actor: Any, reason: str) -> Any:
    """End a relationship that is not working; both people return to the pool and the next
    run never proposes this pair again."""
    from tandem.relationships.models import RelationshipMember
    from tandem.relationships.services import end_relationship

    program = relationship.program
    if not permissions.can_rematch(actor, program):
        raise NotAllowed(NOT_A_MANAGER)
    if not reason.strip():
        raise DomainError(REMATCH_REASON, field="reason")
    members = list(relationship.members.select_related("participant"))
    relationship = end_relationship(relationship=relationship, actor=actor, reason=reason)
    mentors = [m.participant for m in members if m.role == RelationshipMember.Role.MENTOR]
    others = [m.participant for m in members if m.role != RelationshipMember.Role.MENTOR]
    pairs = [(e, m) for m in mentors for e in others]
    if not mentors and len(others) == 2:
        pairs = [(others[0], others[1])]
    person = _person(actor)
    for mentee, mentor in pairs:
        ExcludedPair.objects.get_or_create(
            mentee=mentee,
            mentor=mentor,
            defaults={
                "program": program,
                "reason": reason.strip()[:500],
                "relationship_id": relationship.pk,
                "created_by": person,
            },
        )
    still_busy = set(translate.open_loads([m.pk for m in mentors]))
    program_services.return_participants_to_pool(
        participant_ids=[p.pk for p in others] + [m.pk for m in mentors if m.pk not in still_busy]
    )
    record_audit(
        actor=actor,
        action="relationship.rematch",
        target=relationship,
        after={"excluded_pairs": [[a.pk, b.pk] for a, b in pairs], "reason": reason.strip()},
    )
    return relationship
