"""Success stories — /api/v1/stories. Published only with every member's consent."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from tandem.core.api import ErrorOut, InputSchema

from . import stories
from .models import SuccessStory

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class StoryIn(InputSchema):
    relationship_id: int = Field(..., ge=1, le=2**31 - 1)
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=5000)


class StoryOut(Schema):
    id: int
    program_id: int
    relationship_id: int
    title: str
    body: str
    consented_by: list[int]
    published: bool
    published_at: dt.datetime | None


def _out(s: SuccessStory) -> dict[str, Any]:
    return {
        "id": s.pk,
        "program_id": s.relationship.program_id,
        "relationship_id": s.relationship_id,
        "title": s.title,
        "body": s.body,
        "consented_by": sorted(p.pk for p in s.consented_by.all()),
        "published": s.published_at is not None,
        "published_at": s.published_at,
    }


@router.get("/stories", response={200: list[StoryOut], **ERRORS})
def list_stories(request: HttpRequest, program_id: int | None = None) -> list[dict[str, Any]]:
    """Published stories; drafts too for their relationship's members and program managers."""
    return [_out(s) for s in stories.visible_stories(request.user, program_id=program_id)]


@router.post("/stories", response={201: StoryOut, **ERRORS})
def write_story(request: HttpRequest, payload: StoryIn) -> Status[dict[str, Any]]:
    story = stories.write_story(actor=request.user, **payload.dict())
    return Status(201, _out(stories.access_story_by_id(actor=request.user, story_id=story.pk)))


@router.post("/stories/{story_id}/consent", response={200: StoryOut, **ERRORS})
def consent(request: HttpRequest, story_id: int) -> dict[str, Any]:
    """A member agrees; the story is published when every member has."""
    story = stories.access_story_by_id(actor=request.user, story_id=story_id)
    stories.consent_to_story(actor=request.user, story=story)
    return _out(stories.access_story_by_id(actor=request.user, story_id=story_id))


@router.delete("/stories/{story_id}/consent", response={200: StoryOut, **ERRORS})
def withdraw_consent(request: HttpRequest, story_id: int) -> dict[str, Any]:
    """A member takes back their consent; a published story is unpublished at once."""
    story = stories.access_story_by_id(actor=request.user, story_id=story_id)
    stories.withdraw_consent(actor=request.user, story=story)
    return _out(stories.access_story_by_id(actor=request.user, story_id=story_id))
