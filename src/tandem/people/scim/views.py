"""The SCIM endpoints. Thin: authenticate the token, parse with scim2-models, call one
service, answer ``application/scim+json``. Every failure is a SCIM error body, never HTML;
refused writes are written to the audit log (outside the rolled-back transaction)."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import Context, Error, PatchOp, SCIMException

from tandem.core.audit import record_audit

from ..models import DirectoryGroup, Person, ScimToken
from . import discovery, groups, listing, mapping, users
from .discovery import ENTERPRISE_SCHEMA, GROUP_SCHEMA, MAX_RESULTS, USER_SCHEMA
from .protocol import (
    PATCH_SCHEMA,
    SEARCH_SCHEMA,
    ScimError,
    error_response,
    list_response,
    scim_response,
)
from .quirks import POLICY, normalise_patch, normalise_resource
from .tokens import find_scim_token

logger = logging.getLogger(__name__)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
NOT_FOUND = "{kind} {id} not found."
UNKNOWN_SCHEMA = "schemas: unknown schema {urns}; this endpoint accepts {allowed}."
BAD_JSON = "The request body is not valid JSON: {error}"
AUTH_REQUIRED = "Authentication required: send Authorization: Bearer <provisioning token>."
BAD_TOKEN = "The bearer token was refused ({reason})."  # noqa: S105 — a message
METHOD = "{method} is not supported here."
INTERNAL = "Tandem failed to handle this request; the error is in the server log."


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _authenticate(request: HttpRequest) -> tuple[ScimToken | None, ScimError | None]:
    """The token of the request, or the 401 to answer (with the revoked token, if named)."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None, ScimError(401, AUTH_REQUIRED)
    token, reason = find_scim_token(value.strip())
    if token is None or reason:
        return token, ScimError(401, BAD_TOKEN.format(reason=reason))
    return token, None


def _from_validation(exc: ValidationError) -> ScimError:
    errors = Error.from_validation_errors(exc)
    first = errors[0] if errors else Error(status=400, detail=str(exc))
    return ScimError(int(first.status or 400), str(first.detail), first.scim_type or "invalidValue")


def _audit_refusal(request: HttpRequest, token: ScimToken | None, error: ScimError) -> None:
    record_audit(
        actor=None,
        actor_label=users.actor_label(token) if token else "scim:unauthenticated",
        action="scim.refused",
        target_type="scim.request",
        target_id=request.path[-64:],
        after={
            "method": request.method,
            "status": error.status,
            "scimType": error.scim_type,
            "detail": error.detail[:500],
        },
    )


def scim_endpoint(*methods: str) -> Callable[..., Any]:
    """Authenticate, dispatch on the method, and turn every failure into a SCIM error."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            token, refused = _authenticate(request)
            try:
                if refused is not None or token is None:
                    raise refused or ScimError(401, AUTH_REQUIRED)
                if request.method not in methods:
                    raise ScimError(405, METHOD.format(method=request.method))
                return view(request, token, *args, **kwargs)
            except ScimError as exc:
                error = exc
            except SCIMException as exc:
                error = ScimError(exc.status, exc.detail, exc.scim_type or None)
            except ValidationError as exc:
                error = _from_validation(exc)
            except DataError as exc:
                error = ScimError(
                    400, f"A value is too long or out of range: {exc}", "invalidValue"
                )
            except Exception:  # a bug must still answer in SCIM, never with an HTML page
                logger.exception("SCIM request failed: %s %s", request.method, request.path)
                error = ScimError(500, INTERNAL)
            if request.method in WRITE_METHODS or error.status == 401:
                _audit_refusal(request, token, error)
            return error_response(error)

        return wrapper

    return decorate


def _body(request: HttpRequest, allowed: set[str]) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ScimError(400, BAD_JSON.format(error=exc), "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimError(400, BAD_JSON.format(error="expected an object"), "invalidSyntax")
    declared = body.get("schemas") or []
    named = [k for k in body if k.lower().startswith("urn:")]
    if not isinstance(declared, list):
        raise ScimError(400, "schemas: must be a list of URNs.", "invalidSyntax")
    unknown = sorted({str(u) for u in [*declared, *named]} - allowed, key=str)
    unknown = [u for u in unknown if u.lower() not in {a.lower() for a in allowed}]
    if unknown:
        message = UNKNOWN_SCHEMA.format(urns=", ".join(unknown), allowed=", ".join(sorted(allowed)))
        raise ScimError(400, message, "invalidSyntax")
    return body


def _query(request: HttpRequest) -> listing.Query:
    return listing.make_query(request.GET.get)


def _search_query(request: HttpRequest) -> listing.Query:
    body = _body(request, {SEARCH_SCHEMA})
    return listing.make_query(body.get)


# --- discovery ------------------------------------------------------------------------


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_response(discovery.service_provider_config(base_url(request)))


def _collection(items: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return list_response(list(items.values()), total=len(items), start_index=1)


@scim_endpoint("GET")
def resource_types(request: HttpRequest, token: ScimToken, type_id: str = "") -> HttpResponse:
    items = discovery.resource_types(base_url(request))
    if not type_id:
        return scim_response(_collection(items))
    if type_id not in items:
        raise ScimError(404, NOT_FOUND.format(kind="ResourceType", id=type_id))
    return scim_response(items[type_id])


@scim_endpoint("GET")
def schemas(request: HttpRequest, token: ScimToken, schema_id: str = "") -> HttpResponse:
    items = discovery.schemas(base_url(request))
    if not schema_id:
        return scim_response(_collection(items))
    if schema_id not in items:
        raise ScimError(404, NOT_FOUND.format(kind="Schema", id=schema_id))
    return scim_response(items[schema_id])


# --- users ----------------------------------------------------------------------------


def _person(user_id: str) -> Person:
    person = None
    if user_id.isdigit() and len(user_id) < 19:
        person = users.provisioned_people().filter(pk=int(user_id)).first()
    if person is None:
        raise ScimError(404, NOT_FOUND.format(kind="User", id=user_id))
    return person


def _user_out(request: HttpRequest, person: Person, status: int = 200) -> HttpResponse:
    """The user as stored: services leave ``person`` (manager, login, account) up to date."""
    doc = mapping.document(person, person.scim, base_url(request))
    params = mapping.parameters(
        request.GET.get("attributes", ""), request.GET.get("excludedAttributes", "")
    )
    return scim_response(
        mapping.render(doc, params), status=status, location=doc["meta"]["location"]
    )


@scim_endpoint("GET", "POST")
def users_collection(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        body = normalise_resource(
            _body(request, {USER_SCHEMA, ENTERPRISE_SCHEMA}), base_url(request)
        )
        user = mapping.UserModel.model_validate(
            body, scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY
        )
        person = users.create_user(token=token, user=user)
        return _user_out(request, person, status=201)
    return scim_response(listing.list_users(base_url(request), _query(request)))


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user_detail(request: HttpRequest, token: ScimToken, user_id: str) -> HttpResponse:
    person = _person(user_id)
    if request.method == "PUT":
        body = normalise_resource(
            _body(request, {USER_SCHEMA, ENTERPRISE_SCHEMA}), base_url(request)
        )
        user = mapping.UserModel.model_validate(
            body, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY
        )
        users.replace_user(token=token, person=person, user=user)
    elif request.method == "PATCH":
        body = normalise_patch(_body(request, {PATCH_SCHEMA}), base_url(request))
        patch = PatchOp[mapping.UserModel].model_validate(
            body, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY
        )
        with POLICY:
            users.patch_user(token=token, person=person, patch=patch, base_url=base_url(request))
    elif request.method == "DELETE":
        users.delete_user(token=token, person=person)
        return HttpResponse(status=204)
    return _user_out(request, person)


# --- groups ---------------------------------------------------------------------------


def _group(group_id: str) -> DirectoryGroup:
    row = None
    if group_id.isdigit() and len(group_id) < 19:
        row = groups.groups_queryset().filter(pk=int(group_id)).first()
    if row is None:
        raise ScimError(404, NOT_FOUND.format(kind="Group", id=group_id))
    return row


def _group_out(request: HttpRequest, row: DirectoryGroup, status: int = 200) -> HttpResponse:
    row = _group(str(row.pk))
    doc = groups.document(row, base_url(request))
    params = groups.parameters(
        request.GET.get("attributes", ""), request.GET.get("excludedAttributes", "")
    )
    return scim_response(
        groups.render(doc, params), status=status, location=doc["meta"]["location"]
    )


@scim_endpoint("GET", "POST")
def groups_collection(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        body = _body(request, {GROUP_SCHEMA})
        group = groups.GroupModel.model_validate(
            body, scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY
        )
        return _group_out(request, groups.create_group(token=token, group=group), status=201)
    return scim_response(listing.list_groups(base_url(request), _query(request)))


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def group_detail(request: HttpRequest, token: ScimToken, group_id: str) -> HttpResponse:
    row = _group(group_id)
    if request.method == "PUT":
        body = _body(request, {GROUP_SCHEMA})
        group = groups.GroupModel.model_validate(
            body, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY
        )
        groups.replace_group(token=token, row=row, group=group)
    elif request.method == "PATCH":
        body = normalise_patch(_body(request, {PATCH_SCHEMA}), base_url(request))
        patch = PatchOp[groups.GroupModel].model_validate(
            body, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY
        )
        with POLICY:
            groups.patch_group(token=token, row=row, patch=patch, base_url=base_url(request))
    elif request.method == "DELETE":
        groups.delete_group(token=token, row=row)
        return HttpResponse(status=204)
    return _group_out(request, row)


@scim_endpoint("POST")
def users_search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_response(listing.list_users(base_url(request), _search_query(request)))


@scim_endpoint("POST")
def groups_search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_response(listing.list_groups(base_url(request), _search_query(request)))


@scim_endpoint("POST")
def search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    """POST /.search: Users then Groups; a filter naming an attribute one type lacks
    selects nothing of that type (RFC 7644 §3.4.2.1)."""
    query = _search_query(request)
    everything = listing.Query(
        filter=query.filter,
        start=1,
        count=MAX_RESULTS,
        attributes=query.attributes,
        excluded=query.excluded,
    )
    found: list[dict[str, Any]] = []
    errors: list[ScimError] = []
    for lister in (listing.list_users, listing.list_groups):
        try:
            found.extend(lister(base_url(request), everything)["Resources"])
        except ScimError as exc:
            if exc.scim_type != "invalidFilter" or "not supported" not in exc.detail:
                raise
            errors.append(exc)
    if len(errors) == 2:
        raise errors[0]
    offset = query.start - 1
    page = found[offset : offset + query.count]
    return scim_response(list_response(page, total=len(found), start_index=query.start))


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, token: ScimToken, rest: str = "") -> HttpResponse:
    raise ScimError(404, f"No SCIM endpoint at {request.path}.")
