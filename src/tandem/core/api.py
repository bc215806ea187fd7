"""The shared NinjaAPI pieces: id fields and the error format of API.md.

Authentication lives with the accounts it checks: ``tandem.accounts.api_auth``."""

from __future__ import annotations

import datetime as dt
import re
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.schema import DjangoGetter
from pydantic import (
    BeforeValidator,
    ModelWrapValidatorHandler,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tandem.core.errors import DomainError, from_validation_error

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""Use for every id in an input schema: out-of-range ids are a 422, not a database error."""

NUMBER_OUT_OF_RANGE = "A number in the request is out of range."
VALUE_OUT_OF_RANGE = "A value in the request is too long or out of range."
CONFLICTS_WITH_DATA = "The request conflicts with existing data."
NOT_JSON = "The request body is not valid JSON."
NOT_NULL = "This field cannot be null; leave it out to keep its current value."


def reject_null(*names: str) -> Any:
    """A validator for PATCH schemas: an explicit ``null`` for a field that cannot be empty
    is a 422 naming that field (a left-out field keeps its value)."""

    def check(cls: Any, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", NOT_NULL)
        return value

    check.rejects_null = True  # type: ignore[attr-defined]  # InputSchema drops null from the schema
    return field_validator(*names, mode="after")(check)


def _not_null_in_schema(extra: Any) -> Any:
    """A field's ``json_schema_extra`` that removes the ``null`` branch ``X | None`` adds."""

    def edit(schema: dict[str, Any]) -> None:
        branches = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
        if len(branches) == 1:
            schema.update(branches[0])
        elif branches:
            schema["anyOf"] = branches
        schema.pop("default", None)
        if isinstance(extra, dict):
            schema.update(extra)

    return edit


_UNIONS = (Union, UnionType)
_TEMPORAL = {dt.date, dt.datetime, dt.time}
NOT_ISO_TEXT = "Give an ISO 8601 string, like 2026-12-31 or 2026-12-31T09:30:00+01:00."


NOT_A_NUMBER = "Give a JSON number, not text or true/false."


def _json_number_only(value: Any) -> Any:
    # pydantic's lax mode reads "5" as 5 and true as 1; JSON Schema's integer allows 5.0.
    if isinstance(value, str | bool):
        raise PydanticCustomError("number_type", NOT_A_NUMBER)
    return value


def _iso_text_only(value: Any) -> Any:
    # pydantic reads a number as a Unix timestamp: 0 would be 1 January 1970.
    if isinstance(value, int | float):
        raise PydanticCustomError("iso_text", NOT_ISO_TEXT)
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NOT_ISO_DATE = "Give a date as YYYY-MM-DD, like 2026-12-31."


def _iso_date_text_only(value: Any) -> Any:
    # A query parameter is text, and pydantic reads "0" as a Unix timestamp (1 January 1970).
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", NOT_ISO_DATE)
    return value


QueryDate = Annotated[dt.date, BeforeValidator(_iso_date_text_only)]
"""Use for a date in a query string: only YYYY-MM-DD is a date."""


NOT_AN_OBJECT = "The request body must be a JSON object."


class InputSchema(Schema):
    """The base of every request-body schema.

    ninja's ``Schema`` reads attributes from any object (it is built for ORM output), so a
    bare string, a number or ``[null, null]`` would pass as an all-defaults object (the
    string ``"abc"`` even has a ``title`` attribute). A JSON body must be an object.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        # JSON has real booleans and numbers: 0 is not false and "5" is not 5, as the
        # OpenAPI types say (pydantic's lax mode would coerce them). Nulls refused by
        # ``reject_null`` are not offered as null in the schema either.
        super().__pydantic_init_subclass__(**kwargs)
        changed = False
        for field in cls.model_fields.values():
            annotation = field.annotation
            union = get_origin(annotation) in _UNIONS
            members = (set(get_args(annotation)) if union else {annotation}) - {type(None)}
            strict = any(isinstance(m, Strict) for m in field.metadata)
            if members and members <= {bool} and not strict:
                field.metadata.append(Strict())
                changed = True
            elif members and members <= {int, float} and not strict:
                field.metadata.append(BeforeValidator(_json_number_only))
                changed = True
            elif members and members <= _TEMPORAL:
                field.metadata.append(BeforeValidator(_iso_text_only))
                changed = True
        for decorator in cls.__pydantic_decorators__.field_validators.values():
            if getattr(decorator.func, "rejects_null", False):
                for name in decorator.info.fields:
                    field = cls.model_fields[name]
                    field.json_schema_extra = _not_null_in_schema(field.json_schema_extra)
                    changed = True
        if changed:
            cls.model_rebuild(force=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # Replaces ninja's validator of the same name (the outermost one), checking first.
        if values is None or isinstance(values, str | int | float | bool | list | tuple):
            raise PydanticCustomError("object_type", NOT_AN_OBJECT)
        if isinstance(values, dict):  # JSON: no attribute lookups (a "__dict__" key is data)
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "form", "file", "payload"}]
    return ".".join(parts) or "__all__"


def _error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every error the shape API.md promises; never a 500 for bad input."""

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(e.get("loc", [])), "message": str(e.get("msg", "invalid"))}
            for e in exc.errors
        ]
        first = errors[0] if errors else {"field": "__all__", "message": "Invalid input."}
        detail = f"{first['field']}: {first['message']}"
        return api.create_response(request, _error_body(detail, errors), status=422)

    @api.exception_handler(DomainError)
    def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
        response = api.create_response(
            request, _error_body(exc.message, errors), status=exc.status_code
        )
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _domain(request, from_validation_error(exc))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or "You are not allowed to do this."
        return api.create_response(request, _error_body(detail), status=403)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, _error_body("Authentication required."), status=401)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, _error_body("Not found."), status=404)

    @api.exception_handler(ObjectDoesNotExist)
    def _missing(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, _error_body("Not found."), status=404)

    @api.exception_handler(OverflowError)
    def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        return api.create_response(request, _error_body(NUMBER_OUT_OF_RANGE), status=400)

    @api.exception_handler(DataError)
    def _data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        return api.create_response(request, _error_body(VALUE_OUT_OF_RANGE), status=400)

    @api.exception_handler(IntegrityError)
    def _integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Services turn the constraints they expect into specific messages; this is the net
        # for the rest (e.g. an out-of-range id reaching SQLite), so it is never a 500.
        if "datatype mismatch" in str(exc):
            return _overflow(request, OverflowError(str(exc)))
        return api.create_response(request, _error_body(CONFLICTS_WITH_DATA), status=409)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if isinstance(exc.__cause__, ValueError) and detail.startswith("Cannot parse request"):
            # ninja's body parser failed: json.JSONDecodeError and UnicodeDecodeError are
            # both ValueErrors.
            return api.create_response(
                request, _error_body(NOT_JSON, [{"field": "body", "message": NOT_JSON}]), status=400
            )
        return api.create_response(request, _error_body(detail), status=exc.status_code)
