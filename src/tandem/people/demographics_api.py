"""Self-declared demographics — /api/v1/people/{id}/demographics (and /people/me/…).

Only the person themself: everyone else, org admins included, gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema, reject_null

from . import demographics

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

Gender = Literal["", "woman", "man", "non_binary", "another", "prefer_not_to_say"]
Ethnicity = Literal[
    "",
    "asian",
    "black",
    "hispanic_latino",
    "middle_eastern_north_african",
    "white",
    "mixed",
    "another",
    "prefer_not_to_say",
]
AgeBand = Literal["", "under_25", "25_34", "35_44", "45_54", "55_plus", "prefer_not_to_say"]
Disability = Literal["", "yes", "no", "prefer_not_to_say"]


class DemographicsOut(Schema):
    gender: str
    ethnicity: str
    age_band: str
    disability: str
    consented_at: dt.datetime | None
    updated_at: dt.datetime | None


class DemographicsIn(InputSchema):
    consent: bool = Field(
        ..., description="Must be true: you agree that Tandem records these answers."
    )
    gender: Gender = ""
    ethnicity: Ethnicity = ""
    age_band: AgeBand = ""
    disability: Disability = ""

    _no_null = reject_null("consent", "gender", "ethnicity", "age_band", "disability")


def _get(request: HttpRequest, person_id: int | None) -> dict[str, Any]:
    _, row = demographics.access_own_demographics(actor=request.user, person_id=person_id)
    return demographics.as_dict(row)


def _put(request: HttpRequest, person_id: int | None, payload: DemographicsIn) -> dict[str, Any]:
    answers = payload.dict(exclude={"consent"})
    row = demographics.save_demographics(
        actor=request.user, person_id=person_id, answers=answers, consent=payload.consent
    )
    return demographics.as_dict(row)


def _delete(request: HttpRequest, person_id: int | None) -> Status[None]:
    demographics.delete_demographics(actor=request.user, person_id=person_id)
    return Status(204, None)


@router.get("/people/me/demographics", response={200: DemographicsOut, **ERRORS})
def get_my_demographics(request: HttpRequest) -> dict[str, Any]:
    """Your own answers (empty strings when not answered; ``consented_at`` null when none)."""
    return _get(request, None)


@router.put("/people/me/demographics", response={200: DemographicsOut, **ERRORS})
def put_my_demographics(request: HttpRequest, payload: DemographicsIn) -> dict[str, Any]:
    """Record your answers; every field optional, ``consent: true`` required."""
    return _put(request, None, payload)


@router.delete("/people/me/demographics", response={204: None, **ERRORS})
def delete_my_demographics(request: HttpRequest) -> Status[None]:
    """Wipe your answers and your consent."""
    return _delete(request, None)


@router.get("/people/{person_id}/demographics", response={200: DemographicsOut, **ERRORS})
def get_demographics(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """The same as ``/people/me/demographics`` for your own id; 403 for anyone else's."""
    return _get(request, person_id)


@router.put("/people/{person_id}/demographics", response={200: DemographicsOut, **ERRORS})
def put_demographics(request: HttpRequest, person_id: int, payload: DemographicsIn) -> Any:
    return _put(request, person_id, payload)


@router.delete("/people/{person_id}/demographics", response={204: None, **ERRORS})
def delete_demographics(request: HttpRequest, person_id: int) -> Status[None]:
    return _delete(request, person_id)
