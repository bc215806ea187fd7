"""OpenID Connect sign-in with Authlib: authorization code + PKCE (S256), state and nonce
checked, the provider discovered from ``TANDEM_OIDC_ISSUER``."""

from __future__ import annotations

from functools import cache
from typing import Any

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from requests import RequestException

from . import signin_policy
from .sso import Identity, SsoRefused, record_protocol_failure, user_for_identity

NEXT_KEY = "tandem_oidc_next"
STATE_MISMATCH = "Sign-in expired or came from elsewhere"
STATE_MISMATCH_DETAIL = (
    "The answer from the identity provider did not match a sign-in started here "
    "(its state parameter is unknown). Start again from the sign-in page."
)
PROVIDER_ERROR = "The identity provider refused"
UNREACHABLE = "The identity provider did not answer"


@cache
def _client(issuer: str, client_id: str, secret: str, scopes: str) -> Any:
    oauth = OAuth()
    oauth.register(
        name="tandem",
        client_id=client_id,
        client_secret=secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256"},
    )
    return oauth.create_client("tandem")


def client() -> Any:
    if not signin_policy.oidc_configured():
        raise Http404("OpenID Connect is not configured.")
    return _client(
        settings.TANDEM_OIDC_ISSUER,
        settings.TANDEM_OIDC_CLIENT_ID,
        settings.TANDEM_OIDC_CLIENT_SECRET,
        settings.TANDEM_OIDC_SCOPES,
    )


def error_page(
    request: HttpRequest,
    *,
    title: str,
    detail: str,
    hint: str = "",
    status: int = 400,
    provider: str = "",
    mismatches: list[dict[str, str]] | None = None,
) -> HttpResponse:
    """The page a failed sign-in lands on: what failed, and what to check."""
    context = {
        "title": title,
        "detail": detail,
        "hint": hint,
        "provider": provider,
        "mismatches": mismatches or [],
    }
    return render(request, "accounts/sso_error.html", context, status=status)


def sign_in(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return redirect(next_url if next_url and safe else settings.LOGIN_REDIRECT_URL)


@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    oidc = client()
    request.session[NEXT_KEY] = request.GET.get("next", "")
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    try:
        return oidc.authorize_redirect(request, callback)  # type: ignore[no-any-return]
    except (RequestException, OAuthError, ValueError) as exc:
        record_protocol_failure("oidc", UNREACHABLE, str(exc))
        return error_page(request, title=UNREACHABLE, detail=str(exc), status=502, provider="oidc")


def _identity(token: dict[str, Any], oidc: Any) -> Identity:
    claims = dict(token.get("userinfo") or {})
    if not claims.get("email"):
        claims.update(oidc.userinfo(token=token))
    name = claims.get("name") or " ".join(
        filter(None, [claims.get("given_name"), claims.get("family_name")])
    )
    verified = claims.get("email_verified")
    return Identity(
        provider="oidc",
        subject=str(claims["sub"]),
        email=str(claims.get("email") or "").strip().lower(),
        email_verified=verified is True or str(verified).lower() == "true",
        full_name=str(name or ""),
        employee_id=str(claims.get(settings.TANDEM_SSO_EMPLOYEE_ID_CLAIM) or ""),
        department=str(claims.get("department") or ""),
    )


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    oidc = client()
    try:
        token = oidc.authorize_access_token(request)
        identity = _identity(token, oidc)
    except MismatchingStateError:
        record_protocol_failure("oidc", STATE_MISMATCH, "unknown state parameter")
        return error_page(
            request, title=STATE_MISMATCH, detail=STATE_MISMATCH_DETAIL, provider="oidc"
        )
    except OAuthError as exc:
        detail = f"{exc.error}: {exc.description}" if exc.description else str(exc.error)
        record_protocol_failure("oidc", PROVIDER_ERROR, detail)
        return error_page(request, title=PROVIDER_ERROR, detail=detail, provider="oidc")
    except (RequestException, ValueError, KeyError) as exc:
        record_protocol_failure("oidc", UNREACHABLE, str(exc))
        return error_page(request, title=UNREACHABLE, detail=str(exc), status=502, provider="oidc")
    try:
        user = user_for_identity(identity)
    except SsoRefused as refused:
        return error_page(
            request,
            title=refused.title,
            detail=refused.detail,
            hint=refused.hint,
            status=refused.status,
            provider="oidc",
        )
    return sign_in(request, user, request.session.pop(NEXT_KEY, ""))
