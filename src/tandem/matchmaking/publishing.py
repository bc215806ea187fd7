"""Writes of the matching workflow, part three: publish a run, rematch a relationship.

``publish_match_run`` turns a reviewed run's pairs (or circles) into pending relationships
through ``tandem.relationships.services.create_relationship``, honours capacity overrides the
manager confirmed during review, and notifies everyone matched with the reasons.
``rematch_relationship`` ends a published relationship that is not working and keeps its
pair out of later runs. Same rules as ``services.py``: keyword-only, permission checked,
atomic, audited, message constants below.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.programs import services as program_services
from tandem.programs.models import Participant

from . import permissions, translate
from .access import NOT_A_MANAGER, person_of, require_manager
from .models import ExcludedPair, MatchRun, Proposal
from .review import ALREADY_PUBLISHED

NOT_READY = "This run is {status}; publish it once it has completed."
NOTHING_TO_PUBLISH = "There is no pair to publish: every proposal is rejected."
UNAVAILABLE = "{name} is no longer available ({status}); reject their pair or re-run first."
REMATCH_REASON = "Say why the relationship ends (the members see it)."

MAX_CAPACITY = 50


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
    require_manager(actor, run.program)
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
    run.published_by = person_of(actor)
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_audit(
        actor=actor,
        action="match_run.publish",
        target=run,
        after={"relationships": [r.pk for r in created], "pairs": len(proposals)},
    )
    from tandem.engagement.services import publish_event

    publish_event(
        "match_run.published",
        {
            "match_run_id": run.pk,
            "program_id": run.program_id,
            "relationship_ids": [r.pk for r in created],
        },
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
    person = person_of(actor)
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
