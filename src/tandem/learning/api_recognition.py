"""Recognition — /api/v1/kudos, /api/v1/recognition (the wall), /api/v1/people/{id}/badges."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema
from tandem.people.selectors import access_person_by_id, person_of

from . import recognition
from .models import Kudos

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class KudosIn(InputSchema):
    to_person_id: int = Field(..., ge=1, le=2**31 - 1)
    message: str = Field(..., max_length=500)
    program_id: int | None = Field(None, ge=1, le=2**31 - 1)


class KudosOut(Schema):
    id: int
    from_person_id: int
    from_name: str
    to_person_id: int
    to_name: str
    message: str
    program_id: int | None
    created_at: dt.datetime


class BadgeOut(Schema):
    key: str
    label: str


class WallMentorOut(Schema):
    person_id: int
    badges: list[BadgeOut]


class WallCelebrationOut(Schema):
    id: int
    program_id: int
    relationship_id: int
    kind: str
    title: str = Field(description="Names the members: every one of them agreed.")
    created_at: dt.datetime


class WallOut(Schema):
    kudos: list[KudosOut]
    badges: list[WallMentorOut]
    celebrations: list[WallCelebrationOut] = Field(
        description="Celebrations whose members all agreed to be named (none left the wall)."
    )


class WallSettingIn(InputSchema):
    on_recognition_wall: bool


def _kudos_out(k: Kudos) -> dict[str, Any]:
    return {
        "id": k.pk,
        "from_person_id": k.sender_id,
        "from_name": k.sender.full_name,
        "to_person_id": k.recipient_id,
        "to_name": k.recipient.full_name,
        "message": k.message,
        "program_id": k.program_id,
        "created_at": k.created_at,
    }


@router.post("/kudos", response={201: KudosOut, **ERRORS})
def give_kudos(request: HttpRequest, payload: KudosIn) -> Status[dict[str, Any]]:
    """From a mentee of the mentor, their line manager, or a manager of their program."""
    kudos = recognition.give_kudos(
        actor=request.user,
        to_person_id=payload.to_person_id,
        message=payload.message,
        program_id=payload.program_id,
    )
    return Status(201, _kudos_out(kudos))


@router.get("/recognition", response={200: WallOut, **ERRORS})
def recognition_wall(request: HttpRequest, program_id: int | None = None) -> dict[str, Any]:
    """The wall (every employee): recent kudos and the thanked mentors' badges; people who
    opted out are not on it."""
    wall = recognition.wall(program_id=program_id)
    return {
        "kudos": [_kudos_out(k) for k in wall.kudos],
        "badges": [
            {"person_id": pid, "badges": [b.__dict__ for b in badges]}
            for pid, badges in wall.badges.items()
        ],
        "celebrations": [
            {
                "id": c.pk,
                "program_id": c.program_id,
                "relationship_id": c.relationship_id,
                "kind": c.kind,
                "title": c.shown_title,
                "created_at": c.created_at,
            }
            for c in wall.celebrations
        ],
    }


@router.get("/people/{person_id}/badges", response={200: list[BadgeOut], **ERRORS})
def person_badges(request: HttpRequest, person_id: int) -> list[dict[str, str]]:
    """A person's badges: the person themself, or anyone unless they opted out (404)."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    me = person_of(request.user)
    if (me is None or me.pk != person.pk) and person.pk in recognition.opted_out_ids():
        raise Http404("This person is not on the recognition wall.")
    return [b.__dict__ for b in recognition.badges_of([person.pk])[person.pk]]


@router.put("/me/recognition-settings", response={200: WallSettingIn, **ERRORS})
def set_wall(request: HttpRequest, payload: WallSettingIn) -> dict[str, bool]:
    settings = recognition.set_on_wall(actor=request.user, on_wall=payload.on_recognition_wall)
    return {"on_recognition_wall": settings.on_recognition_wall}
