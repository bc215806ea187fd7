"""SAML 2.0 service provider with pysaml2: IdP metadata from ``TANDEM_SAML_IDP_METADATA``
(URL or file), SP metadata at ``/accounts/saml/metadata/``, signed assertions required,
NameID persistent or email, attributes mapped by ``TANDEM_SAML_ATTRIBUTES``, clock skew
tolerated, replays refused. pysaml2 checks signatures with Debian's ``xmlsec1``."""

from __future__ import annotations

import json
import shutil
from functools import cache
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_PERSISTENT

from . import signin_policy
from .oidc import error_page, sign_in
from .saml_checks import diagnose, record_assertion_use
from .sso import Identity, SsoRefused, record_protocol_failure, user_for_identity

OUTSTANDING_KEY = "tandem_saml_outstanding"
NO_XMLSEC = "SAML needs the xmlsec1 program (Debian: apt-get install xmlsec1)."
MISSING_RESPONSE = "The identity provider posted no SAMLResponse."
DEFAULT_ATTRIBUTES = {
    "email": [
        "email",
        "mail",
        "emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ],
    "full_name": [
        "displayName",
        "name",
        "cn",
        "urn:oid:2.16.840.1.113730.3.1.241",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    ],
    "given_name": [
        "givenName",
        "firstName",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ],
    "family_name": [
        "sn",
        "surname",
        "lastName",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ],
    "employee_id": [
        "employeeNumber",
        "employee_id",
        "employeeid",
        "urn:oid:2.16.840.1.113730.3.1.3",
    ],
    "department": ["department", "departmentNumber", "ou"],
}


def xmlsec_binary() -> str | None:
    return settings.TANDEM_XMLSEC_BINARY or shutil.which("xmlsec1")


def attribute_map() -> dict[str, list[str]]:
    """``TANDEM_SAML_ATTRIBUTES`` (JSON ``{"email": ["mail"], …}``) over the defaults."""
    mapping = {k: list(v) for k, v in DEFAULT_ATTRIBUTES.items()}
    if settings.TANDEM_SAML_ATTRIBUTES:
        custom = json.loads(settings.TANDEM_SAML_ATTRIBUTES)
        mapping.update({k: [v] if isinstance(v, str) else list(v) for k, v in custom.items()})
    return mapping


def sp_urls(request: HttpRequest) -> tuple[str, str]:
    """The SP entity id (its metadata URL) and the assertion consumer service URL."""
    return (
        request.build_absolute_uri(reverse("accounts:saml_metadata")),
        request.build_absolute_uri(reverse("accounts:saml_acs")),
    )


def _metadata_source(value: str) -> dict[str, Any]:
    if value.startswith(("http://", "https://")):
        return {"remote": [{"url": value}]}
    return {"local": [value]}


@cache
def _config(  # noqa: PLR0917 — positional so that functools.cache keys on them
    entity_id: str, acs: str, metadata: str, name_id: str, skew: int, xmlsec: str
) -> SPConfig:
    name_id_format = NAMEID_FORMAT_EMAILADDRESS if name_id == "email" else NAMEID_FORMAT_PERSISTENT
    config = SPConfig()
    config.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": xmlsec,
            "allow_unknown_attributes": True,
            "accepted_time_diff": skew,
            "metadata": _metadata_source(metadata),
            "service": {
                "sp": {
                    "name": "Tandem",
                    "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                    "allow_unsolicited": True,  # IdP-initiated sign-in (Okta/Entra tiles)
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                    "name_id_format": [name_id_format],
                    "name_id_format_allow_create": True,
                }
            },
        }
    )
    return config


def sp_config(request: HttpRequest) -> SPConfig:
    if not signin_policy.saml_configured():
        raise Http404("SAML is not configured.")
    xmlsec = xmlsec_binary()
    if xmlsec is None:
        raise Http404(NO_XMLSEC)
    entity_id, acs = sp_urls(request)
    return _config(
        entity_id,
        acs,
        settings.TANDEM_SAML_IDP_METADATA,
        settings.TANDEM_SAML_NAMEID_FORMAT,
        settings.TANDEM_SAML_CLOCK_SKEW_SECONDS,
        xmlsec,
    )


@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """The SP metadata to give the identity provider (entity id, ACS, NameID format)."""
    xml = create_metadata_string(None, config=sp_config(request), valid=24 * 365)
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@require_GET
def saml_login(request: HttpRequest) -> HttpResponse:
    client = Saml2Client(config=sp_config(request))
    request_id, info = client.prepare_for_authenticate(
        relay_state=request.GET.get("next", ""), binding=BINDING_HTTP_REDIRECT
    )
    outstanding = request.session.get(OUTSTANDING_KEY, {})
    outstanding[request_id] = request.GET.get("next", "")
    request.session[OUTSTANDING_KEY] = dict(list(outstanding.items())[-5:])
    location = dict(info["headers"])["Location"]
    return redirect(location)


def _first(ava: dict[str, list[str]], names: list[str]) -> str:
    folded = {k.lower(): v for k, v in ava.items()}
    for name in names:
        values = folded.get(name.lower())
        if values:
            return str(values[0]).strip()
    return ""


def identity_from(response: Any) -> Identity:
    ava = response.get_identity() or {}
    mapping = attribute_map()
    name_id = response.name_id
    subject = (name_id.text or "").strip()
    email = _first(ava, mapping["email"])
    if not email and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
        email = subject
    full_name = _first(ava, mapping["full_name"]) or " ".join(
        filter(None, [_first(ava, mapping["given_name"]), _first(ava, mapping["family_name"])])
    )
    return Identity(
        provider="saml",
        subject=f"{response.issuer()}|{subject}",
        email=email.lower(),
        email_verified=bool(email),  # asserted by the IdP in a signed assertion
        full_name=full_name,
        employee_id=_first(ava, mapping["employee_id"]),
        department=_first(ava, mapping["department"]),
    )


@csrf_exempt  # the IdP posts cross-site; the response's signature is the protection
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    config = sp_config(request)
    raw = request.POST.get("SAMLResponse", "")
    if not raw:
        return error_page(
            request, title="No SAML response", detail=MISSING_RESPONSE, provider="saml"
        )
    outstanding = request.session.get(OUTSTANDING_KEY, {})
    client = Saml2Client(config=config)
    try:
        response = client.parse_authn_request_response(raw, BINDING_HTTP_POST, outstanding)
        if response is None:
            raise ValueError("the response could not be read")
        record_assertion_use(response)
        identity = identity_from(response)
    except Exception as exc:  # pysaml2 raises many types; each is diagnosed the same way
        problem = diagnose(raw, config, exc, outstanding)
        record_protocol_failure("saml", problem.title, problem.summary())
        return error_page(
            request,
            title=problem.title,
            detail=problem.detail,
            hint=problem.hint,
            status=403,
            provider="saml",
            mismatches=problem.rows,
        )
    in_response_to = getattr(response, "in_response_to", None)
    next_url = outstanding.pop(in_response_to, "") if in_response_to else ""
    request.session[OUTSTANDING_KEY] = outstanding
    try:
        user = user_for_identity(identity)
    except SsoRefused as refused:
        return error_page(
            request,
            title=refused.title,
            detail=refused.detail,
            hint=refused.hint,
            status=refused.status,
            provider="saml",
        )
    return sign_in(request, user, next_url or request.POST.get("RelayState", ""))
