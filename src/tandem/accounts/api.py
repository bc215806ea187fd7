"""Authentication and the caller: /api/v1/auth/token, /api/v1/me, personal tokens."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from tandem.core.api import ErrorOut, InputSchema
from tandem.people.selectors import access_person_by_id

from . import privacy, selectors, services, throttle

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class TokenIn(InputSchema):
    email: str = Field(..., min_length=3, max_length=254)
    password: str = Field(..., min_length=1, max_length=1000)


class TokenOut(Schema):
    token: str


class MePerson(Schema):
    id: int
    employee_id: str
    full_name: str
    email: str
    title: str
    department: str
    manager_id: int | None
    time_zone: str
    job_level: int | None


class MembershipOut(Schema):
    program_id: int
    program_name: str
    role: str
    status: str


class MeOut(Schema):
    user_id: int
    email: str
    roles: list[str]
    person: MePerson | None
    program_memberships: list[MembershipOut]
    managed_program_ids: list[int]


class PersonalTokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int | None = Field(
        services.PERSONAL_TOKEN_DAYS,
        ge=1,
        le=services.MAX_PERSONAL_TOKEN_DAYS,
        description="Days until the token stops working (default 90); null: never expires.",
    )


class PersonalTokenOut(Schema):
    id: int
    name: str
    prefix: str
    kind: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None


class NewTokenOut(TokenOut):
    name: str
    expires_at: dt.datetime | None


@router.post("/auth/token", auth=None, response={200: TokenOut, 429: ErrorOut, **ERRORS})
def obtain_token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    """Exchange email and password for a bearer token (valid 30 days)."""
    token = services.obtain_token(
        email=payload.email,
        password=payload.password,
        address=throttle.client_address(request),
    )
    return {"token": token}


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> dict[str, object]:
    return selectors.describe_me(request.user)


@router.get("/me/tokens", response={200: list[PersonalTokenOut], **ERRORS})
def list_tokens(request: HttpRequest) -> object:
    return selectors.list_tokens(request.user)


@router.post("/me/tokens", response={201: NewTokenOut, **ERRORS})
def create_token(request: HttpRequest, payload: PersonalTokenIn) -> Status[dict[str, Any]]:
    token, clear = services.create_personal_token(
        user=request.user,  # type: ignore[arg-type]
        name=payload.name,
        expires_in_days=payload.expires_in_days,
    )
    return Status(201, {"token": clear, "name": token.name, "expires_at": token.expires_at})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    services.revoke_token(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    return Status(204, None)


class EraseIn(InputSchema):
    confirmation: Literal["ERASE"] = Field(..., description="Type ERASE: erasure cannot be undone.")

    @field_validator("confirmation", mode="before")
    @classmethod
    def _typed(cls, value: object) -> object:
        if value != privacy.ERASE_CONFIRMATION:
            raise PydanticCustomError("confirmation", privacy.CONFIRMATION_REQUIRED)
        return value


class EraseOut(Schema):
    erased: bool
    rows_erased: int


@router.get("/me/export", response={200: dict[str, Any], **ERRORS})
def export_my_data(request: HttpRequest) -> dict[str, Any]:
    """Everything Tandem holds about the caller, as one JSON document."""
    person = selectors.person_of(request.user)
    return privacy.export_person_data(actor=request.user, person=person)


@router.get("/people/{person_id}/export", response={200: dict[str, Any], **ERRORS})
def export_person_data(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """A person's data export: the person themself or an org admin."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    return privacy.export_person_data(actor=request.user, person=person)


@router.post("/people/{person_id}/erase", response={200: EraseOut, **ERRORS})
def erase_person(request: HttpRequest, person_id: int, payload: EraseIn) -> dict[str, Any]:
    """Erase a person's personal data (org admins; confirmation "ERASE"); audited."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    touched = privacy.erase_person(
        actor=request.user, person=person, confirmation=payload.confirmation
    )
    return {"erased": True, "rows_erased": touched["apps"]}


class SignInLockOut(Schema):
    id: int
    scope: str = Field(description="account (the email typed) or address (the client's IP)")
    key: str
    failures: int
    last_failure_at: dt.datetime
    locked_until: dt.datetime | None


@router.get("/auth/locks", response={200: list[SignInLockOut], **ERRORS})
def list_signin_locks(request: HttpRequest) -> object:
    """Accounts and client addresses locked after too many failed sign-ins (org admins)."""
    return throttle.active_locks(actor=request.user)


@router.delete("/auth/locks/{lock_id}", response={204: None, **ERRORS})
def lift_signin_lock(request: HttpRequest, lock_id: int) -> Status[None]:
    """Unlock an account or address at once (org admins); audited."""
    lock = get_object_or_404(throttle.active_locks(actor=request.user), pk=lock_id)
    throttle.unlock(actor=request.user, lock=lock)
    return Status(204, None)
