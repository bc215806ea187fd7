"""The single sign-on page: what is configured, the URLs to give the identity provider,
and the "SSO only" switch with its break-glass admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError
from tandem.core.permissions import is_org_admin

from . import signin_policy
from .models import User


def _break_glass_choices() -> list[User]:
    admins = User.objects.filter(is_org_admin=True, is_active=True).order_by("email")
    return [u for u in admins if u.has_usable_password()]


@login_required
@require_http_methods(["GET", "POST"])
def sso_settings_page(request: HttpRequest) -> HttpResponse:
    if not is_org_admin(request.user):
        raise PermissionDenied(signin_policy.ADMINS_ONLY)
    error = None
    if request.method == "POST":
        raw_admin = request.POST.get("break_glass_admin_id", "")
        try:
            signin_policy.set_sign_in_policy(
                actor=request.user,
                sso_only=request.POST.get("sso_only") == "on",
                break_glass_admin_id=int(raw_admin) if raw_admin.isdigit() else None,
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Sign-in settings saved.")
            return redirect("accounts:sso_settings")
    url = request.build_absolute_uri
    context = {
        "policy": signin_policy.current_policy(),
        "error": error,
        "admins": _break_glass_choices(),
        "oidc": {
            "configured": signin_policy.oidc_configured(),
            "issuer": settings.TANDEM_OIDC_ISSUER,
            "client_id": settings.TANDEM_OIDC_CLIENT_ID,
            "name": settings.TANDEM_OIDC_NAME,
            "callback": url(reverse("accounts:oidc_callback")),
        },
        "saml": {
            "configured": signin_policy.saml_configured(),
            "metadata": settings.TANDEM_SAML_IDP_METADATA,
            "entity_id": url(reverse("accounts:saml_metadata")),
            "acs": url(reverse("accounts:saml_acs")),
            "name_id": settings.TANDEM_SAML_NAMEID_FORMAT,
        },
        "match_by": settings.TANDEM_SSO_MATCH_BY,
        "jit": settings.TANDEM_SSO_JIT,
    }
    return render(request, "accounts/sso_settings.html", context)
