"""Roles and the sign-in policy — /api/v1/people/{id}/roles, /api/v1/sign-in-policy."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema

from tandem.core.api import ErrorOut, Id, InputSchema
from tandem.core.permissions import is_org_admin
from tandem.people.selectors import access_person_by_id

from . import services, signin_policy

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class RolesIn(InputSchema):
    org_admin: bool
    leader: bool


class RolesOut(Schema):
    person_id: int
    user_id: int
    email: str
    org_admin: bool
    leader: bool


class SignInPolicyIn(InputSchema):
    sso_only: bool
    break_glass_admin_id: Id | None = Field(
        None, description="User id of the org admin who may still use a password"
    )


class SignInPolicyOut(Schema):
    sso_only: bool
    break_glass_admin_id: int | None
    oidc_configured: bool
    saml_configured: bool


@router.put("/people/{person_id}/roles", response={200: RolesOut, **ERRORS})
def put_roles(request: HttpRequest, person_id: Id, payload: RolesIn) -> dict[str, object]:
    """Grant or remove org admin and leader (org admins; audited). The last org admin
    cannot remove their own role."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    user = services.set_person_roles(
        actor=request.user,
        person=person,
        is_org_admin=payload.org_admin,
        is_leader=payload.leader,
    )
    return {
        "person_id": person.pk,
        "user_id": user.pk,
        "email": user.email,
        "org_admin": user.is_org_admin,
        "leader": user.is_leader,
    }


def _policy_out() -> dict[str, object]:
    policy = signin_policy.current_policy()
    return {
        "sso_only": policy.sso_only,
        "break_glass_admin_id": policy.break_glass_admin_id,
        "oidc_configured": signin_policy.oidc_configured(),
        "saml_configured": signin_policy.saml_configured(),
    }


@router.get("/sign-in-policy", response={200: SignInPolicyOut, **ERRORS})
def get_sign_in_policy(request: HttpRequest) -> dict[str, object]:
    """How people sign in: SSO only or not, and which identity providers are configured."""
    if not is_org_admin(request.user):
        raise PermissionDenied(signin_policy.ADMINS_ONLY)
    return _policy_out()


@router.put("/sign-in-policy", response={200: SignInPolicyOut, **ERRORS})
def put_sign_in_policy(request: HttpRequest, payload: SignInPolicyIn) -> dict[str, object]:
    """Turn "SSO only" on (a break-glass admin keeps password sign-in) or off; audited."""
    signin_policy.set_sign_in_policy(
        actor=request.user,
        sso_only=payload.sso_only,
        break_glass_admin_id=payload.break_glass_admin_id,
    )
    return _policy_out()
