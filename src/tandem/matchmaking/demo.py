"""Demo step: match runs for the demo programs (after programs, before relationships).

- "matching" program: one completed run, ready to review (lock, reassign, publish).
- "active" program: a first run, then the demo mentor and mentee paired by hand and locked,
  a re-run around that locked pair, published — so the active program's relationships
  (including the demo pair, which the relationships step then fills with goals and meetings)
  come from a published run.

Runs execute synchronously here, not through the queue.
"""

from __future__ import annotations

from typing import Any

from tandem.programs.models import Participant

from . import execution, publishing, review, services
from .models import MatchRun, Proposal


def _run(program: Any, actor: Any, parent: MatchRun | None = None) -> MatchRun:
    run = services.start_match_run(
        program=program,
        actor=actor,
        enqueue=False,
        parent=parent,
        weights=parent.weights if parent is not None else None,
    )
    return execution.execute_match_run(run.pk)


def _pair_demo_logins(run: MatchRun, mentor: Participant, mentee: Participant, actor: Any) -> None:
    proposal = Proposal.objects.filter(run=run, mentee=mentee).first()
    if proposal is None:
        proposal = review.assign_unmatched(
            run=run, participant=mentee, mentor=mentor, actor=actor, confirm=True
        ).proposal
    elif proposal.mentor_id != mentor.pk:
        review.update_proposal(proposal=proposal, actor=actor, mentor=mentor, confirm=True)
    review.update_proposal(proposal=proposal, actor=actor, locked=True)


def _active(ctx: Any, program: Any, actor: Any) -> MatchRun | None:
    mentor = Participant.objects.filter(
        program=program, person=ctx.logins.get("mentor"), role=Participant.Role.MENTOR
    ).first()
    mentee = Participant.objects.filter(
        program=program, person=ctx.logins.get("mentee"), role=Participant.Role.MENTEE
    ).first()
    first = _run(program, actor)
    if first.status != MatchRun.Status.COMPLETED:
        return first
    if mentor is not None and mentee is not None:
        _pair_demo_logins(first, mentor, mentee, actor)
    final = _run(program, actor, parent=first)
    if final.status == MatchRun.Status.COMPLETED:
        publishing.publish_match_run(run=final, actor=actor)
        final.refresh_from_db()
    return final


def build(ctx: Any) -> None:
    programs = getattr(ctx, "programs", None) or {}
    manager = ctx.logins.get("manager")
    if not programs or manager is None or manager.user is None:
        return
    actor = manager.user
    said = []
    if "matching" in programs:
        run = _run(programs["matching"], actor)
        said.append(f"run #{run.pk} {run.status} in “{programs['matching'].name}”")
    if "active" in programs:
        final = _active(ctx, programs["active"], actor)
        if final is not None:
            said.append(f"run #{final.pk} {final.status} in “{programs['active'].name}”")
    if "circles" in programs:
        said.append(_circles(programs["circles"], actor))
    if "choice" in programs:
        said.append(_choice(ctx, programs["choice"]))
    ctx.say("  matchmaking: " + "; ".join(said))


def _circles(program: Any, actor: Any) -> str:
    """The group program's run, published: its circles are relationships with one mentor and
    several mentees."""
    run = _run(program, actor)
    if run.status == MatchRun.Status.COMPLETED:
        publishing.publish_match_run(run=run, actor=actor)
        run.refresh_from_db()
    return f"run #{run.pk} {run.status} in “{program.name}”"


def _choice(ctx: Any, program: Any) -> str:
    """Mentee-choice requests in every state (demo_choice.py), after the runs above."""
    from .demo_choice import build_choice

    return build_choice(ctx, program)
