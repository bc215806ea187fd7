"""Provisioning tokens for SCIM — /api/v1/scim/tokens (org admins)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.pagination import PagePagination

from .scim import tokens

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ScimTokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100, pattern=r"\S")


class ScimTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    created_by: str | None = Field(None, description="Email of the admin who made it")

    @staticmethod
    def resolve_created_by(obj: object) -> str | None:
        user = getattr(obj, "created_by", None)
        return user.email if user is not None else None


class NewScimTokenOut(Schema):
    id: int
    name: str
    token: str = Field(..., description="Shown once: store it in the identity provider now.")
    scim_base_url: str


@router.get("/scim/tokens", response={200: list[ScimTokenOut], **ERRORS})
@paginate(PagePagination)
def list_scim_tokens(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Provisioning tokens, newest first (revoked ones included, with ``revoked_at``)."""
    return tokens.list_scim_tokens(actor=request.user)


@router.post("/scim/tokens", response={201: NewScimTokenOut, **ERRORS})
def create_scim_token(request: HttpRequest, payload: ScimTokenIn) -> Status[dict[str, object]]:
    """A bearer token for the identity provider's SCIM client; the clear token is shown once."""
    token, clear = tokens.create_scim_token(actor=request.user, name=payload.name)
    base = request.build_absolute_uri("/scim/v2/")
    return Status(201, {"id": token.pk, "name": token.name, "token": clear, "scim_base_url": base})


@router.delete("/scim/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_scim_token(request: HttpRequest, token_id: Id) -> Status[None]:
    """Revoke a token: the identity provider's next request with it gets a 401."""
    tokens.revoke_scim_token(actor=request.user, token_id=token_id)
    return Status(204, None)
