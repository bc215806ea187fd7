"""Naming the members in their celebrations, with each member's consent — /api/v1/.

Mounted by ``relationships.api``. Only the relationship's members read or change it:
people outside it get 404, its program's managers and org admins 403.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tandem.core.api import ErrorOut, InputSchema

from . import celebration_names, selectors

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NamingMemberOut(Schema):
    person_id: int
    full_name: str
    role: str
    agreed: bool


class NamingOut(Schema):
    relationship_id: int
    named_by_me: bool
    named_by_all: bool = Field(description="Every member agrees to be named.")
    shown_with_names: bool = Field(
        description="Celebrations show the names now (all agree, nobody left the wall)."
    )
    members: list[NamingMemberOut]


class NamingIn(InputSchema):
    named: bool = Field(description="true: I agree to be named; false: withdraw (at once).")


@router.get(
    "/relationships/{relationship_id}/celebration-names", response={200: NamingOut, **ERRORS}
)
def get_celebration_names(request: HttpRequest, relationship_id: int) -> Any:
    """Who of the relationship agrees to be named in its celebrations."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return celebration_names.naming_of(actor=request.user, relationship=relationship)


@router.put(
    "/relationships/{relationship_id}/celebration-names", response={200: NamingOut, **ERRORS}
)
def put_celebration_names(request: HttpRequest, relationship_id: int, payload: NamingIn) -> Any:
    """Agree to be named in the relationship's celebrations, or withdraw."""
    relationship = selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    return celebration_names.set_named_in_celebrations(
        actor=request.user, relationship=relationship, named=payload.named
    )
