"""Mentoring moments — /api/v1/moments. Each person sees the moments they are in (notes
included); others see counts: ``/people/{id}/moments`` when the person opts in, and
``/moments/totals`` for leaders and org admins."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema
from tandem.people.selectors import access_person_by_id, person_of

from . import moments, moments_selectors
from .models import Moment

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class MomentIn(InputSchema):
    other_person_id: int = Field(..., ge=1, le=2**31 - 1)
    direction: Literal["gave", "received"]
    skills: list[int] = Field([], description="skill ids from the taxonomy")
    note: str = Field("", max_length=500)
    happened_on: dt.date


class MomentOut(Schema):
    id: int
    giver_id: int
    giver_name: str
    receiver_id: int
    receiver_name: str
    direction: Literal["gave", "received"]
    skills: list[str]
    note: str
    happened_on: dt.date
    status: str
    logged_by_me: bool


class SummaryOut(Schema):
    given: int
    received: int
    skills: list[dict[str, Any]]


class TotalsOut(Schema):
    confirmed: int
    people_helped: int
    people_helping: int
    skills: list[dict[str, Any]]


class SharingIn(InputSchema):
    show_moments_given: bool


def _out(m: Moment, me_id: int | None) -> dict[str, Any]:
    return {
        "id": m.pk,
        "giver_id": m.giver_id,
        "giver_name": m.giver.full_name,
        "receiver_id": m.receiver_id,
        "receiver_name": m.receiver.full_name,
        "direction": "gave" if m.giver_id == me_id else "received",
        "skills": [s.name for s in m.skills.all()],
        "note": m.note,
        "happened_on": m.happened_on,
        "status": m.status,
        "logged_by_me": m.logged_by_id == me_id,
    }


def _me_id(request: HttpRequest) -> int | None:
    me = person_of(request.user)
    return me.pk if me else None


@router.get("/moments", response={200: list[MomentOut], **ERRORS})
def list_moments(request: HttpRequest) -> list[dict[str, Any]]:
    """The moments the caller gave or received, in any status."""
    me_id = _me_id(request)
    return [_out(m, me_id) for m in moments_selectors.list_my_moments(request.user)]


@router.post("/moments", response={201: MomentOut, **ERRORS})
def log_moment(request: HttpRequest, payload: MomentIn) -> Status[dict[str, Any]]:
    moment = moments.log_moment(
        actor=request.user,
        other_person_id=payload.other_person_id,
        direction=payload.direction,
        happened_on=payload.happened_on,
        note=payload.note,
        skill_ids=payload.skills,
    )
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment.pk)
    return Status(201, _out(moment, _me_id(request)))


@router.post("/moments/{moment_id}/confirm", response={200: MomentOut, **ERRORS})
def confirm_moment(request: HttpRequest, moment_id: int) -> dict[str, Any]:
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment_id)
    moments.confirm_moment(actor=request.user, moment=moment)
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment_id)
    return _out(moment, _me_id(request))


@router.post("/moments/{moment_id}/decline", response={200: MomentOut, **ERRORS})
def decline_moment(request: HttpRequest, moment_id: int) -> dict[str, Any]:
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment_id)
    moments.decline_moment(actor=request.user, moment=moment)
    moment = moments_selectors.access_moment_by_id(actor=request.user, moment_id=moment_id)
    return _out(moment, _me_id(request))


@router.get("/moments/totals", response={200: TotalsOut, **ERRORS})
def moment_totals(request: HttpRequest) -> dict[str, Any]:
    """Organisation figures (leaders, org admins): counts only, never notes or names."""
    return moments_selectors.org_totals(request.user)


@router.get("/people/{person_id}/moments", response={200: SummaryOut, **ERRORS})
def person_moments(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """Confirmed moments a person gave (count and skills): them, or anyone if they opted in."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    s = moments_selectors.access_summary(actor=request.user, person=person)
    return {
        "given": s.given,
        "received": s.received,
        "skills": [{"skill": k, "count": v} for k, v in s.skills],
    }


@router.put("/me/moment-sharing", response={200: SharingIn, **ERRORS})
def set_sharing(request: HttpRequest, payload: SharingIn) -> dict[str, Any]:
    settings = moments.set_show_moments_given(actor=request.user, show=payload.show_moments_given)
    return {"show_moments_given": settings.show_moments_given}
