"""The resource library — /api/v1/resources. Everyone reads; admins and program managers
curate; opening one (``GET /resources/{id}``) counts a use."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema

from . import library, library_selectors
from .models import Resource
from .rendering import render_markdown

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Kind = Literal["guide", "checklist", "starter", "book", "video", "template"]


class ResourceIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: Kind = "guide"
    author: str = Field("", max_length=200)
    url: str = Field("", max_length=500)
    body_markdown: str = Field("", max_length=20000)
    tags: list[str] = []
    skill_ids: list[int] = []
    program_ids: list[int] = []
    weeks: list[int] = Field([], description="curriculum weeks it suits; empty: any week")


class ResourcePatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    author: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=500)
    body_markdown: str | None = Field(None, max_length=20000)
    tags: list[str] | None = None
    skill_ids: list[int] | None = None
    program_ids: list[int] | None = None
    weeks: list[int] | None = None


class ResourceOut(Schema):
    id: int
    title: str
    kind: str
    author: str
    url: str
    body_markdown: str
    body_html: str
    tags: list[str]
    skills: list[str]
    skill_ids: list[int]
    program_ids: list[int]
    weeks: list[int]
    uses: int


class ResourceFilter(Schema):
    q: str = ""
    tag: str = ""
    skill: int | None = Field(None, description="a skill id")
    program_id: int | None = None
    week: int | None = Field(None, ge=1, le=104)
    kind: Kind | Literal[""] = ""


def _out(r: Resource) -> dict[str, Any]:
    skills = list(r.skills.all())
    return {
        "id": r.pk,
        "title": r.title,
        "kind": r.kind,
        "author": r.author,
        "url": r.url,
        "body_markdown": r.body_markdown,
        "body_html": render_markdown(r.body_markdown),
        "tags": r.tags,
        "skills": [s.name for s in skills],
        "skill_ids": [s.pk for s in skills],
        "program_ids": [p.pk for p in r.programs.all()],
        "weeks": r.weeks,
        "uses": r.uses,
    }


@router.get("/resources", response={200: list[ResourceOut], **ERRORS})
def list_resources(request: HttpRequest, filters: Query[ResourceFilter]) -> list[dict[str, Any]]:
    """Search (``q``) and filter by tag, skill id, program (its own and general resources)
    and curriculum week (resources for that week and general ones)."""
    return [_out(r) for r in library_selectors.search_resources(**filters.dict())]


@router.post("/resources", response={201: ResourceOut, **ERRORS})
def create_resource(request: HttpRequest, payload: ResourceIn) -> Status[dict[str, Any]]:
    resource = library.create_resource(actor=request.user, data=payload.dict())
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource.pk)
    return Status(201, _out(resource))


@router.get("/resources/{resource_id}", response={200: ResourceOut, **ERRORS})
def get_resource(request: HttpRequest, resource_id: int) -> dict[str, Any]:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    library.record_use(resource)
    resource.uses += 1
    return _out(resource)


@router.patch("/resources/{resource_id}", response={200: ResourceOut, **ERRORS})
def update_resource(
    request: HttpRequest, resource_id: int, payload: ResourcePatch
) -> dict[str, Any]:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    library.update_resource(
        actor=request.user, resource=resource, data=payload.dict(exclude_unset=True)
    )
    return _out(
        library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    )


@router.delete("/resources/{resource_id}", response={204: None, **ERRORS})
def delete_resource(request: HttpRequest, resource_id: int) -> Status[None]:
    resource = library_selectors.access_resource_by_id(actor=request.user, resource_id=resource_id)
    library.delete_resource(actor=request.user, resource=resource)
    return Status(204, None)
