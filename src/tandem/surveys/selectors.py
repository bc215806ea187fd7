"""Reads for surveys: the builder's list, one survey, what waits for a person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.core import clock
from tandem.core.permissions import is_authenticated, is_leader, is_org_admin
from tandem.programs.models import Program
from tandem.programs.permissions import person_id_of

from . import audience, permissions
from .models import Survey


def _surveys() -> QuerySet[Survey]:
    return Survey.objects.select_related("program").prefetch_related(
        "questions", "program__managers"
    )


def managed_surveys(actor: Any) -> QuerySet[Survey]:
    """Surveys the actor builds (admins: all) or reads the results of (leaders: all)."""
    if is_org_admin(actor) or is_leader(actor):
        return _surveys()
    person_id = person_id_of(actor)
    if person_id is None:
        return Survey.objects.none()
    return _surveys().filter(program__managers=person_id).distinct()


def access_survey_by_id(*, actor: Any, survey_id: int) -> Survey:
    """A survey the actor may see: as a builder/reader, or as someone it asks (else 404)."""
    survey = _surveys().filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    if permissions.can_view_results(actor, survey):
        return survey
    person_id = person_id_of(actor)
    if (
        survey.status != Survey.Status.DRAFT
        and person_id is not None
        and audience.invitations(survey, today=clock.today(), person_ids=[person_id])
    ):
        return survey
    raise Http404


def access_managed_survey_by_id(*, actor: Any, survey_id: int) -> Survey:
    survey = access_survey_by_id(actor=actor, survey_id=survey_id)
    if not permissions.can_manage_survey(actor, survey):
        raise PermissionDenied
    return survey


def access_results_by_id(*, actor: Any, survey_id: int) -> Survey:
    survey = access_survey_by_id(actor=actor, survey_id=survey_id)
    if not permissions.can_view_results(actor, survey):
        raise PermissionDenied
    return survey


@dataclass(frozen=True)
class Waiting:
    survey: Survey
    relationship_id: int | None
    due_on: Any
    until: Any


def surveys_waiting_for(actor: Any) -> list[Waiting]:
    """Open surveys asking the actor and not answered yet (one per relationship if relative)."""
    person_id = person_id_of(actor)
    if person_id is None:
        return []
    today = clock.today()
    candidates = (
        _surveys()
        .filter(status=Survey.Status.OPEN)
        .filter(Q(program__isnull=True) | Q(program__participants__person_id=person_id))
        .distinct()
    )
    return [
        Waiting(survey, inv.relationship_id, inv.due_on, inv.until)
        for survey in candidates
        for inv in audience.pending(survey, today=today, person_ids=[person_id])
    ]


def home_section(request: Any) -> dict[str, Any] | None:
    """Surveys waiting for the visitor, and response rates for the surveys they run (those
    of the programs they manage, unless closed, are in insights' "Your programs at a
    glance" instead)."""
    if not is_authenticated(request.user):
        return None
    from .results import response_rate

    waiting = surveys_waiting_for(request.user)
    running = []
    if permissions.can_build_surveys(request.user):
        opened = managed_surveys(request.user).filter(status=Survey.Status.OPEN)
        person_id = person_id_of(request.user)
        if person_id is not None:  # already per program in "Your programs at a glance"
            opened = opened.exclude(
                Q(program__managers=person_id) & ~Q(program__status=Program.Status.CLOSED)
            )
        running = [{"survey": s, **response_rate(s)} for s in opened[:5]]
    if not waiting and not running:
        return None
    return {"waiting": waiting, "running": running}


def open_survey_rates(program_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Response rates of the open surveys of each program: ``{program id: [{survey,
    invited, answered, rate}]}`` — counts only, never who answered what."""
    from .results import response_rate

    rates: dict[int, list[dict[str, Any]]] = {pk: [] for pk in program_ids}
    opened = _surveys().filter(status=Survey.Status.OPEN, program_id__in=program_ids)
    for survey in opened.order_by("title", "pk"):
        row = {"survey": survey, **response_rate(survey)}
        rates.setdefault(survey.program_id or 0, []).append(row)
    return rates
