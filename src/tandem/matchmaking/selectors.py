"""Reads of the matching workflow. ``access_*`` fetches AND authorises (404 for what the
actor may not know exists). A fixed number of queries per page, whatever the cohort size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tandem.core.permissions import is_authenticated
from tandem.programs.models import Participant, Program
from tandem.programs.permissions import can_view_program, person_id_of

from . import permissions, translate
from .fairness_groups import DEMOGRAPHIC_GROUPINGS
from .models import MatchRequest, MatchRun, Proposal, UnmatchedParticipant

NOT_A_MANAGER = "Only this program's managers can see its matching."
SIGN_IN = "Sign in to see matching."


def _signed_in(actor: Any) -> None:
    if not is_authenticated(actor) or not actor.is_active:
        raise PermissionDenied(SIGN_IN)


def access_program_by_id(*, actor: Any, program_id: int, manage: bool = True) -> Program:
    """The program; 404 when the actor may not see it, 403 when they may but not manage it."""
    _signed_in(actor)
    program = Program.objects.prefetch_related("managers").filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    if manage and permissions.can_manage_matching(actor, program):
        return program
    if not can_view_program(actor, program):
        raise Http404("No such program.")
    if manage:
        raise PermissionDenied(NOT_A_MANAGER)
    return program


def access_run_by_id(*, actor: Any, run_id: int) -> MatchRun:
    """A run, for the managers of its program and org admins; 404 for everyone else."""
    _signed_in(actor)
    run = (
        MatchRun.objects.select_related("program", "created_by", "parent")
        .prefetch_related("program__managers")
        .filter(pk=run_id)
        .first()
    )
    if run is None or not permissions.can_view_run(actor, run):
        raise Http404("No such match run.")
    return run


def access_proposal(*, run: MatchRun, proposal_id: int) -> Proposal:
    proposal = (
        Proposal.objects.select_related("mentee__person", "mentor__person", "run__program")
        .filter(pk=proposal_id, run=run)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal.")
    return proposal


def list_runs(program: Program) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program=program).select_related("created_by", "parent")


def list_proposals(run: MatchRun) -> QuerySet[Proposal]:
    return run.proposals.select_related("mentee__person", "mentor__person").order_by(
        "mentor__person__full_name", "mentor_id", "-score", "id"
    )


def list_unmatched(run: MatchRun) -> QuerySet[UnmatchedParticipant]:
    return run.unmatched.select_related("participant__person").order_by(
        "participant__person__full_name", "id"
    )


_DEMOGRAPHICS = DEMOGRAPHIC_GROUPINGS
# the self-declared answers are read only into the fairness aggregates, never shown per person
_PERSON_FIELDS = (
    "department",
    "job_level",
    "location",
    *(f"demographics__{f}" for f in _DEMOGRAPHICS),
)
_WIDTH = len(_PERSON_FIELDS)


def _outcome(person: tuple[Any, ...], matched: bool, score: float | None) -> translate.Outcome:
    department, level, location, *answers = person
    return translate.Outcome(
        department=department or None,
        level=level,
        location=location or None,
        matched=matched,
        score=score,
        demographics=dict(zip(_DEMOGRAPHICS, answers, strict=True)),
    )


def run_outcomes(run: MatchRun) -> list[translate.Outcome]:
    """Every mentee (or peer) of a run: matched or not, with their score (two queries).

    Plain value rows (no model instances, no reasons), so 20,000 proposals read in a blink.
    """
    outcomes = []
    mentee = [f"mentee__person__{f}" for f in _PERSON_FIELDS]
    mentor = [f"mentor__person__{f}" for f in _PERSON_FIELDS]
    rows = run.proposals.order_by("pk").values_list("rejected", "score", *mentee, *mentor)
    for rejected, score, *people in rows:
        matched = not rejected
        outcomes.append(_outcome(tuple(people[:_WIDTH]), matched, score))
        if run.kind == MatchRun.Kind.PEER:
            outcomes.append(_outcome(tuple(people[_WIDTH:]), matched, score))
    # mentors held back for training are not outcomes of the mentee side
    unmatched = run.unmatched.exclude(participant__role=Participant.Role.MENTOR).values_list(
        *(f"participant__person__{f}" for f in _PERSON_FIELDS)
    )
    outcomes.extend(_outcome(tuple(u), False, None) for u in unmatched)
    return outcomes


@dataclass(frozen=True)
class MentorChoice:
    participant: Participant
    free: int
    used: int

    @property
    def left(self) -> int:
        return self.free - self.used


def mentor_choices(run: MatchRun) -> list[MentorChoice]:
    """Mentors a manager can reassign to, with their free seats and seats used in the run."""
    mentors = list(
        Participant.objects.filter(
            program_id=run.program_id,
            role=Participant.Role.MENTOR,
            status__in=translate.MENTOR_STATUSES,
        )
        .select_related("person")
        .order_by("person__full_name", "id")
    )
    seats = translate.free_seats(mentors)
    used = dict(
        run.proposals.filter(rejected=False)
        .values("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    return [MentorChoice(m, seats.get(m.pk, 0), used.get(m.pk, 0)) for m in mentors]


# --- what-if comparison --------------------------------------------------------------------


def _pairs(run: MatchRun) -> dict[int, int | None]:
    pairs: dict[int, int | None] = {}
    for mentee_id, mentor_id, rejected in run.proposals.values_list(
        "mentee_id", "mentor_id", "rejected"
    ):
        pairs[mentee_id] = None if rejected else mentor_id
    for participant_id in run.unmatched.values_list("participant_id", flat=True):
        pairs.setdefault(participant_id, None)
    return pairs


def _delta(a: Any, b: Any) -> float | None:
    return None if a is None or b is None else round(float(b) - float(a), 4)


def _fairness_moves(base: MatchRun, other: MatchRun) -> dict[str, Any]:
    moves: dict[str, Any] = {}
    for grouping in translate.FAIRNESS_GROUPINGS:
        a = (base.fairness or {}).get(grouping, {})
        b = (other.fairness or {}).get(grouping, {})
        a_groups = {g["label"]: g for g in a.get("groups", [])}
        b_groups = {g["label"]: g for g in b.get("groups", [])}
        rows = []
        for label in sorted(set(a_groups) | set(b_groups)):
            ga, gb = a_groups.get(label, {}), b_groups.get(label, {})
            rows.append(
                {
                    "label": label,
                    "suppressed": bool(ga.get("suppressed") or gb.get("suppressed")),
                    "match_rate": [ga.get("match_rate"), gb.get("match_rate")],
                    "match_rate_change": _delta(ga.get("match_rate"), gb.get("match_rate")),
                    "mean_score": [ga.get("mean_score"), gb.get("mean_score")],
                    "mean_score_change": _delta(ga.get("mean_score"), gb.get("mean_score")),
                }
            )
        moves[grouping] = {
            "groups": rows,
            "match_rate_gap": [a.get("match_rate_gap"), b.get("match_rate_gap")],
            "mean_score_gap": [a.get("mean_score_gap"), b.get("mean_score_gap")],
        }
    return moves


def compare_runs(base: MatchRun, other: MatchRun) -> dict[str, Any]:
    """What changed from ``base`` to ``other``: pairs, mean score, match rate, fairness."""
    a, b = _pairs(base), _pairs(other)
    everyone = set(a) | set(b)
    changed = sorted(pid for pid in everyone if a.get(pid) != b.get(pid))
    sa, sb = base.stats or {}, other.stats or {}
    return {
        "base_id": base.pk,
        "other_id": other.pk,
        "pairs_changed": len(changed),
        "changed_participant_ids": changed,
        "mentees": len(everyone),
        "matched": [sa.get("matched"), sb.get("matched")],
        "mean_score": [sa.get("mean_score"), sb.get("mean_score")],
        "mean_score_change": _delta(sa.get("mean_score"), sb.get("mean_score")),
        "match_rate": [sa.get("match_rate"), sb.get("match_rate")],
        "match_rate_change": _delta(sa.get("match_rate"), sb.get("match_rate")),
        "weights": [base.weights, other.weights],
        "fairness": _fairness_moves(base, other),
    }


def changed_pairs(base: MatchRun, other: MatchRun, ids: list[int]) -> list[dict[str, Any]]:
    """Rows for the side-by-side table: mentee, mentor in each run (two queries + names)."""
    a, b = _pairs(base), _pairs(other)
    wanted = set(ids) | {x for x in [*a.values(), *b.values()] if x is not None}
    names = dict(Participant.objects.filter(pk__in=wanted).values_list("pk", "person__full_name"))
    return [
        {
            "mentee": names.get(pid, f"#{pid}"),
            "before": _name(names, a.get(pid)),
            "after": _name(names, b.get(pid)),
        }
        for pid in ids
    ]


def _name(names: dict[int, str], pid: int | None) -> str | None:
    return names.get(pid) if pid is not None else None


# --- requests ------------------------------------------------------------------------------


def _requests() -> QuerySet[MatchRequest]:
    return MatchRequest.objects.select_related("program", "mentee__person", "mentor__person")


def list_requests_for(
    actor: Any, *, program_id: int | None = None, box: str = "", status: str = ""
) -> QuerySet[MatchRequest]:
    """Requests the actor sent or received; with ``program_id`` a manager sees all of them."""
    _signed_in(actor)
    person_id = person_id_of(actor)
    mine = Q(mentee__person_id=person_id) | Q(mentor__person_id=person_id)
    if box == "sent":
        mine = Q(mentee__person_id=person_id)
    elif box == "received":
        mine = Q(mentor__person_id=person_id)
    rows = _requests()
    if program_id is not None:
        rows = rows.filter(program_id=program_id)
        program = Program.objects.prefetch_related("managers").filter(pk=program_id).first()
        if program is None or not permissions.can_view_program_requests(actor, program) or box:
            rows = rows.filter(mine)
    else:
        rows = rows.filter(mine)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def access_request_by_id(*, actor: Any, request_id: int) -> MatchRequest:
    _signed_in(actor)
    request = _requests().prefetch_related("program__managers").filter(pk=request_id).first()
    if request is None or not permissions.can_view_request(actor, request):
        raise Http404("No such request.")
    return request


def program_request_counts(program: Program) -> dict[str, int]:
    rows = (
        MatchRequest.objects.filter(program=program)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return dict(rows)
