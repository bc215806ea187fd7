"""Matching pages: runs and their review, what-if comparison, publishing; mentee choice,
the mentor's requests inbox, the manager's requests view, rematch.
Thin: parse → authorise → one service/selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.matching.scoring import CRITERIA
from tandem.programs.models import Participant, Program
from tandem.programs.permissions import person_id_of

from . import choice, permissions, publishing, review, selectors, services, translate
from .forms import CRITERION_LABELS, DeclineForm, ReassignForm, RematchForm, RequestForm, RunForm
from .models import MatchRequest, MatchRun

PROPOSAL_ACTIONS: dict[str, dict[str, bool]] = {
    "lock": {"locked": True},
    "unlock": {"locked": False},
    "reject": {"rejected": True},
    "restore": {"rejected": False},
}
DONE = {
    "lock": "Pair locked: a re-run keeps it.",
    "unlock": "Pair unlocked.",
    "reject": "Pair rejected: it will not be published or proposed again in a re-run.",
    "restore": "Pair restored.",
}


def _run(request: HttpRequest, run_id: int) -> MatchRun:
    return selectors.access_run_by_id(actor=request.user, run_id=run_id)


def _managed_program(request: HttpRequest, program_id: int) -> Program:
    return selectors.access_program_by_id(actor=request.user, program_id=program_id)


def _run_form(program: Program, data: Any = None, weights: Any = None) -> RunForm:
    kind = translate.kind_for(program)
    return RunForm(
        data,
        weights=weights or translate.program_weights(program),
        pairs_only=kind == MatchRun.Kind.PAIR,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The matching hub: programs I manage, programs where I choose a mentor, my requests."""
    from tandem.core.permissions import is_org_admin

    person_id = person_id_of(request.user) or 0
    managed = Program.objects.exclude(status=Program.Status.DRAFT)
    if not is_org_admin(request.user):
        managed = managed.filter(managers__id=person_id)
    choosing = (
        Participant.objects.filter(person_id=person_id, role=Participant.Role.MENTEE)
        .exclude(program__matching_mode=Program.MatchingMode.ADMIN)
        .select_related("program")
    )
    pending = MatchRequest.objects.filter(
        mentor__person_id=person_id, status=MatchRequest.Status.PENDING
    ).count()
    return render(
        request,
        "matchmaking/home.html",
        {"managed": managed.order_by("name"), "choosing": choosing, "pending": pending},
    )


@login_required
def program_runs(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _managed_program(request, program_id)
    runs = list(selectors.list_runs(program)[:50])
    return render(
        request,
        "matchmaking/program.html",
        {
            "program": program,
            "runs": runs,
            "form": _run_form(program),
            "kind": translate.kind_for(program),
            "request_counts": selectors.program_request_counts(program),
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _managed_program(request, program_id)
    form = _run_form(program, request.POST)
    parent = None
    if request.POST.get("parent_id", "").isdigit():
        parent = _run(request, int(request.POST["parent_id"]))
    if form.is_valid():
        try:
            run = services.start_match_run(
                program=program,
                actor=request.user,
                weights=form.weights(),
                solver=form.cleaned_data.get("solver") or MatchRun.Solver.OPTIMAL,
                prioritize_coverage=form.cleaned_data["prioritize_coverage"],
                parent=parent,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Match run #{run.pk} started.")
            return redirect("matchmaking:run", run_id=run.pk)
    else:
        messages.error(request, "Check the weights: each is a number from 0 to 100.")
    if parent is not None:
        return redirect("matchmaking:run", run_id=parent.pk)
    return redirect("matchmaking:program", program_id=program.pk)


def _split(report: dict[str, Any] | None) -> dict[str, Any] | None:
    """A fairness report with its shown groups and the labels of the suppressed ones."""
    if not report:
        return report
    groups = report.get("groups", [])
    return {
        **report,
        "shown": [g for g in groups if not g.get("suppressed")],
        "hidden": [g["label"] for g in groups if g.get("suppressed")],
    }


def _review_context(run: MatchRun) -> dict[str, Any]:
    proposals = list(selectors.list_proposals(run))
    return {
        "run": run,
        "program": run.program,
        "proposals": proposals,
        "unmatched": list(selectors.list_unmatched(run)),
        "fairness": [
            (translate.FAIRNESS_LABELS[name], _split((run.fairness or {}).get(name)))
            for name in translate.FAIRNESS_GROUPINGS
        ],
        "stats": run.stats or {},
        "locked_count": sum(p.locked for p in proposals),
        "rejected_count": sum(p.rejected for p in proposals),
        "what_if": _run_form(run.program, weights=run.weights),
        "is_peer": run.kind == MatchRun.Kind.PEER,
        "is_circle": run.kind == MatchRun.Kind.CIRCLE,
    }


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    return render(request, "matchmaking/run.html", _review_context(run))


@login_required
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; reloads the page once the run is done."""
    run = _run(request, run_id)
    response = render(request, "matchmaking/_progress.html", {"run": run})
    if run.is_finished and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def proposal_action(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    run = _run(request, run_id)
    proposal = selectors.access_proposal(run=run, proposal_id=proposal_id)
    action = request.POST.get("action", "")
    if action not in PROPOSAL_ACTIONS:
        raise Http404("Unknown action.")
    try:
        review.update_proposal(
            proposal=proposal,
            actor=request.user,
            locked=PROPOSAL_ACTIONS[action].get("locked"),
            rejected=PROPOSAL_ACTIONS[action].get("rejected"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[action])
    return redirect(f"{_run_url(run)}#proposal-{proposal.pk}")


def _run_url(run: MatchRun) -> str:
    from django.urls import reverse

    return reverse("matchmaking:run", args=[run.pk])


def _assign_page(
    request: HttpRequest, run: MatchRun, mentee: Participant, proposal: Any = None
) -> HttpResponse:
    choices = selectors.mentor_choices(run)
    current = proposal.mentor_id if proposal is not None else None
    form = ReassignForm(request.POST or None, mentors=choices, exclude=current)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        mentor = get_object_or_404(
            Participant.objects.select_related("person"),
            pk=form.cleaned_data["mentor_id"],
            program_id=run.program_id,
        )
        confirm = form.cleaned_data["confirm"]
        try:
            if proposal is not None:
                review.update_proposal(
                    proposal=proposal, actor=request.user, mentor=mentor, confirm=confirm
                )
            else:
                review.assign_unmatched(
                    run=run, participant=mentee, mentor=mentor, actor=request.user, confirm=confirm
                )
        except DomainError as exc:
            if exc.status_code == 409 and exc.errors and exc.errors[0].field == "mentor_id":
                warnings = [e.message for e in exc.errors]
            else:
                form.add_domain_error(exc)
        else:
            messages.success(
                request, f"{mentee.person.full_name} now has {mentor.person.full_name}."
            )
            return redirect(_run_url(run))
    return render(
        request,
        "matchmaking/reassign.html",
        {"run": run, "mentee": mentee, "proposal": proposal, "form": form, "warnings": warnings},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_reassign(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    run = _run(request, run_id)
    proposal = selectors.access_proposal(run=run, proposal_id=proposal_id)
    return _assign_page(request, run, proposal.mentee, proposal)


@login_required
@require_http_methods(["GET", "POST"])
def unmatched_assign(request: HttpRequest, run_id: int, participant_id: int) -> HttpResponse:
    run = _run(request, run_id)
    row = get_object_or_404(
        run.unmatched.select_related("participant__person"), participant_id=participant_id
    )
    return _assign_page(request, run, row.participant)


@login_required
@require_POST
def run_rerun(request: HttpRequest, run_id: int) -> HttpResponse:
    """Re-run around the locked pairs with the same settings."""
    run = _run(request, run_id)
    try:
        new = services.start_match_run(
            program=run.program,
            actor=request.user,
            weights=run.weights,
            solver=run.solver,
            prioritize_coverage=run.prioritize_coverage,
            parent=run,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_run_url(run))
    messages.success(
        request, f"Re-running around {run.proposals.filter(locked=True).count()} locked pair(s)."
    )
    return redirect(_run_url(new))


@login_required
def run_compare(request: HttpRequest, run_id: int, other_id: int) -> HttpResponse:
    base = _run(request, run_id)
    other = _run(request, other_id)
    if base.program_id != other.program_id:
        raise Http404("Runs of different programs cannot be compared.")
    comparison = selectors.compare_runs(base, other)
    rows = selectors.changed_pairs(base, other, comparison["changed_participant_ids"][:200])
    return render(
        request,
        "matchmaking/compare.html",
        {
            "base": base,
            "other": other,
            "c": comparison,
            "rows": rows,
            "program": base.program,
            "deltas": {
                "mean": _points(comparison["mean_score_change"]),
                "rate": _points(comparison["match_rate_change"]),
            },
            "weight_rows": [
                {
                    "label": CRITERION_LABELS[name],
                    "a": base.weights.get(name, 0),
                    "b": other.weights.get(name, 0),
                    "changed": base.weights.get(name, 0) != other.weights.get(name, 0),
                }
                for name in CRITERIA
            ],
            "fairness": [
                (translate.FAIRNESS_LABELS.get(k, k), _split(v))
                for k, v in comparison["fairness"].items()
            ],
        },
    )


def _points(change: float | None) -> int | None:
    return None if change is None else round(change * 100)


@login_required
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if request.method == "POST":
        try:
            created = publishing.publish_match_run(run=run, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Published: {len(created)} relationship(s) created and people notified."
            )
        return redirect(_run_url(run))
    proposals = run.proposals.filter(rejected=False)
    return render(
        request,
        "matchmaking/publish.html",
        {
            "run": run,
            "program": run.program,
            "pairs": proposals.count(),
            "groups": proposals.values("mentor_id").distinct().count(),
            "rejected": run.proposals.filter(rejected=True).count(),
        },
    )


# --- mentee choice -------------------------------------------------------------------------


@login_required
def choose(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(
        actor=request.user, program_id=program_id, manage=False
    )
    mentee = permissions.mentee_participant(request.user, program)
    if mentee is None or program.matching_mode == Program.MatchingMode.ADMIN:
        raise PermissionDenied(choice.NOT_A_MENTEE)
    mine = list(MatchRequest.objects.filter(mentee=mentee).select_related("mentor__person")[:20])
    pending = next((r for r in mine if r.status == MatchRequest.Status.PENDING), None)
    matched = mentee.status == Participant.Status.MATCHED
    recommendations = (
        [] if matched else choice.recommend_mentors(program=program, mentee=mentee, limit=30)
    )
    return render(
        request,
        "matchmaking/choose.html",
        {
            "program": program,
            "mentee": mentee,
            "recommendations": recommendations,
            "requests": mine,
            "pending": pending,
            "matched": matched,
            "relationship_id": next((r.relationship_id for r in mine if r.relationship_id), None),
            "form": RequestForm(),
        },
    )


def _mentor_of(program: Program, mentor_id: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("person"),
        pk=mentor_id,
        program=program,
        role=Participant.Role.MENTOR,
    )


@login_required
@require_POST
def request_new(request: HttpRequest, program_id: int, mentor_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(
        actor=request.user, program_id=program_id, manage=False
    )
    mentor = _mentor_of(program, mentor_id)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            choice.request_mentor(
                actor=request.user,
                program=program,
                mentor=mentor,
                message=form.cleaned_data["message"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Request sent to {mentor.person.full_name}.")
    else:
        messages.error(request, choice.MESSAGE_TOO_LONG)
    return redirect("matchmaking:choose", program_id=program.pk)


@login_required
@require_POST
def bookmark(request: HttpRequest, program_id: int, mentor_id: int) -> HttpResponse:
    program = selectors.access_program_by_id(
        actor=request.user, program_id=program_id, manage=False
    )
    mentor = _mentor_of(program, mentor_id)
    try:
        marked = choice.toggle_bookmark(actor=request.user, program=program, mentor=mentor)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        verb = "bookmarked" if marked else "removed from your bookmarks"
        messages.success(request, f"{mentor.person.full_name} {verb}.")
    return redirect(f"/matchmaking/programs/{program.pk}/choose/#mentor-{mentor.pk}")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    received = list(selectors.list_requests_for(request.user, box="received")[:100])
    sent = list(selectors.list_requests_for(request.user, box="sent")[:50])
    return render(
        request,
        "matchmaking/inbox.html",
        {
            "pending": [r for r in received if r.status == MatchRequest.Status.PENDING],
            "answered": [r for r in received if r.status != MatchRequest.Status.PENDING],
            "sent": sent,
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, request_id: int, answer: str) -> HttpResponse:
    match_request = selectors.access_request_by_id(actor=request.user, request_id=request_id)
    try:
        if answer == "accept":
            choice.accept_match_request(actor=request.user, request=match_request)
            messages.success(request, f"You now mentor {match_request.mentee.person.full_name}.")
        elif answer == "decline":
            form = DeclineForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            choice.decline_match_request(actor=request.user, request=match_request, note=note)
            messages.info(request, "Request declined; the mentee can choose again.")
        else:
            choice.withdraw_match_request(actor=request.user, request=match_request)
            messages.info(request, "Request withdrawn: you can ask another mentor.")
            return redirect("matchmaking:choose", program_id=match_request.program_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("matchmaking:inbox")


@login_required
def program_requests(request: HttpRequest, program_id: int) -> HttpResponse:
    program = _managed_program(request, program_id)
    status = request.GET.get("status", "pending")
    if status not in {*MatchRequest.Status.values, "all"}:
        status = "pending"
    rows = selectors.list_requests_for(
        request.user, program_id=program.pk, status="" if status == "all" else status
    )
    return render(
        request,
        "matchmaking/program_requests.html",
        {
            "program": program,
            "rows": list(rows[:300]),
            "status": status,
            "statuses": _status_tabs(selectors.program_request_counts(program)),
        },
    )


def _status_tabs(counts: dict[str, int]) -> list[tuple[str, str, int | None]]:
    tabs = [
        ("pending", "Pending"),
        ("expired", "Expired"),
        ("declined", "Declined"),
        ("accepted", "Accepted"),
    ]
    return [(k, label, counts.get(k, 0)) for k, label in tabs] + [("all", "All", None)]


@login_required
@require_http_methods(["GET", "POST"])
def rematch(request: HttpRequest, relationship_id: int) -> HttpResponse:
    from tandem.relationships.models import Relationship

    relationship = get_object_or_404(
        Relationship.objects.select_related("program").prefetch_related(
            "members__participant__person", "program__managers"
        ),
        pk=relationship_id,
    )
    if not permissions.can_rematch(request.user, relationship.program):
        raise Http404("No such relationship.")
    form = RematchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.rematch_relationship(
                relationship=relationship, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Relationship ended; both people are back in the pool.")
            return redirect("matchmaking:program", program_id=relationship.program_id)
    return render(
        request,
        "matchmaking/rematch.html",
        {"r": relationship, "form": form, "program": relationship.program},
    )
