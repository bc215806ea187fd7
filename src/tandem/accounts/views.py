"""Account pages: login (with demo logins in demo mode), API tokens, roles, audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from tandem.core import clock
from tandem.core.errors import DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.core.permissions import can_manage_roles, can_view_audit_log
from tandem.people.selectors import access_person_by_id, get_person_for_user

from . import privacy, selectors, services, signin_policy, throttle
from .audit_view import describe_entries
from .forms import SignInForm
from .models import ApiToken, User

DEMO_LOGINS = [
    ("admin@demo.tandem.test", "Org admin"),
    ("manager@demo.tandem.test", "Program manager of every demo program"),
    ("mentor@demo.tandem.test", "Mentor in an active relationship"),
    ("mentee@demo.tandem.test", "Mentee in that relationship"),
    ("employee@demo.tandem.test", "Employee enrolled nowhere"),
    ("leader@demo.tandem.test", "Leader: aggregate dashboards only"),
]


class TandemLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "retry_after", None):
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_buttons"] = sso_buttons()
        context["sso_only"] = signin_policy.sso_only_active()
        if settings.DEMO_MODE and User.objects.filter(email=DEMO_LOGINS[0][0]).exists():
            context["demo_logins"] = DEMO_LOGINS
            context["demo_password"] = settings.TANDEM_DEMO_PASSWORD
        return context


def sso_buttons() -> list[dict[str, str]]:
    """The "Sign in with …" buttons of the configured identity providers."""
    buttons = []
    if signin_policy.oidc_configured():
        buttons.append({"label": settings.TANDEM_OIDC_NAME, "url_name": "accounts:oidc_login"})
    if signin_policy.saml_configured():
        buttons.append({"label": settings.TANDEM_SAML_NAME, "url_name": "accounts:saml_login"})
    return buttons


TOKEN_EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "Never")]


def _expiry_days(value: str) -> int | None:
    """The tokens form's expiry: a number of days, or empty for never."""
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError(services.BAD_EXPIRY, field="expires_in_days") from None


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                services.revoke_token(user=request.user, token_id=int(request.POST["revoke"]))  # type: ignore[arg-type]
                messages.success(request, "Token revoked.")
                return redirect("accounts:tokens")
            _, new_token = services.create_personal_token(
                user=request.user,  # type: ignore[arg-type]
                name=request.POST.get("name", ""),
                expires_in_days=_expiry_days(request.POST.get("expires_in_days", "90")),
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc))
    tokens = selectors.list_tokens(request.user).filter(kind=ApiToken.Kind.PERSONAL)
    context = {
        "tokens": tokens,
        "new_token": new_token,
        "expiry_choices": TOKEN_EXPIRY_CHOICES,
        "now": clock.now(),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def roles_page(request: HttpRequest) -> HttpResponse:
    if not can_manage_roles(request.user):
        raise PermissionDenied("Only org admins can manage roles.")
    if request.method == "POST":
        user = get_object_or_404(User, pk=request.POST.get("user_id"))
        try:
            services.set_user_roles(
                actor=request.user,  # type: ignore[arg-type]
                user=user,
                is_org_admin=request.POST.get("is_org_admin") == "on",
                is_leader=request.POST.get("is_leader") == "on",
            )
            messages.success(request, f"Roles of {user.email} saved.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())
    query = request.GET.get("q", "").strip()
    users = User.objects.select_related("person").order_by("-is_org_admin", "-is_leader", "email")
    if query:
        users = users.filter(email__icontains=query)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/roles.html", {"page": page, "q": query})


@login_required
def audit_log_page(request: HttpRequest) -> HttpResponse:
    if not can_view_audit_log(request.user):
        raise PermissionDenied("Only org admins can read the audit log.")
    entries = AuditLog.objects.select_related("actor")
    filters = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "target_type")}
    if filters["actor"]:
        entries = entries.filter(actor_email__icontains=filters["actor"])
    if filters["action"]:
        entries = entries.filter(action__icontains=filters["action"])
    if filters["target_type"]:
        entries = entries.filter(target_type__icontains=filters["target_type"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    me = get_person_for_user(request.user)
    zone = me.time_zone if me else None
    rows = describe_entries(list(page.object_list), zone)
    context = {"page": page, "rows": rows, "filters": filters, "zone": zone or "UTC"}
    return render(request, "accounts/audit_log.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def signin_locks_page(request: HttpRequest) -> HttpResponse:
    try:
        locks = throttle.active_locks(actor=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    if request.method == "POST":
        lock = locks.filter(pk=request.POST.get("unlock") or 0).first()
        if lock is None:
            messages.info(request, "That lock has already been lifted or has expired.")
        else:
            throttle.unlock(actor=request.user, lock=lock)
            messages.success(request, f"Unlocked {lock.key}.")
        return redirect("accounts:signin_locks")
    context = {
        "locks": locks,
        "settings_max": settings.TANDEM_SIGNIN_MAX_FAILURES,
        "settings_max_address": settings.TANDEM_SIGNIN_MAX_FAILURES_PER_ADDRESS,
    }
    return render(request, "accounts/signin_locks.html", context)


@login_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_data.html", {"sections": sorted(privacy.export_sections)})


@login_required
def download_my_data(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    document = privacy.export_person_data(actor=request.user, person=person)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-tandem-data.json"'
    return response


@login_required
def download_person_data(request: HttpRequest, person_id: int) -> HttpResponse:
    """An org admin's export of someone else: only what the admin may see (audited)."""
    person = access_person_by_id(actor=request.user, person_id=person_id)
    if not privacy.can_export_person(request.user, person):
        raise PermissionDenied("You can only export your own data.")
    document = privacy.export_person_data(actor=request.user, person=person)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="tandem-person-{person.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    if not privacy.can_erase_person(request.user):
        raise PermissionDenied("Only org admins can erase a person's data.")
    person = access_person_by_id(actor=request.user, person_id=person_id)
    error = None
    if request.method == "POST":
        try:
            privacy.erase_person(
                actor=request.user,
                person=person,
                confirmation=request.POST.get("confirmation", ""),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "The person's personal data has been erased.")
            return redirect("people:directory")
    context = {"person": person, "error": error, "confirmation": privacy.ERASE_CONFIRMATION}
    return render(request, "accounts/erase_person.html", context)
