"""The provisioning page: SCIM base URL, tokens (create, shown once; revoke), recent SCIM
activity including refused requests — what an admin needs while wiring up Okta or Entra."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError
from tandem.core.models import AuditLog

from . import permissions
from .models import DirectoryGroup, ScimAccount
from .scim import tokens

RECENT_ACTIVITY = 15


@login_required
@require_http_methods(["GET", "POST"])
def provisioning_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_provisioning(request.user):
        raise PermissionDenied(tokens.ADMINS_ONLY)
    new_token = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                token_id = int(request.POST["revoke"])
                tokens.revoke_scim_token(actor=request.user, token_id=token_id)
                messages.success(request, "Token revoked: requests using it now get a 401.")
                return redirect("people:provisioning")
            _, new_token = tokens.create_scim_token(
                actor=request.user, name=request.POST.get("name", "")
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, DomainError) else "Bad token id.")
    activity = AuditLog.objects.filter(action__startswith="scim.")[:RECENT_ACTIVITY]
    context = {
        "new_token": new_token,
        "tokens": tokens.list_scim_tokens(actor=request.user),
        "scim_base_url": request.build_absolute_uri("/scim/v2/"),
        "provisioned": ScimAccount.objects.count(),
        "groups": DirectoryGroup.objects.count(),
        "activity": activity,
    }
    return render(request, "people/provisioning.html", context)
