"""People, profiles, skills and directory import — /api/v1/people, /skills."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic.config import JsonDict

from tandem.core.api import ErrorOut, Id, InputSchema, reject_null
from tandem.core.pagination import PagePagination

from . import import_uploads, permissions, selectors, services
from .importer import import_people
from .models import Person

router = Router()
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PersonStatus = Literal["active", "leave", "terminated"]
MeetingFormat = Literal["virtual", "in_person", "either"]


class PersonOut(Schema):
    id: int
    employee_id: str
    email: str
    full_name: str
    title: str
    department: str
    manager_id: int | None
    location: str
    time_zone: str
    hire_date: dt.date | None
    job_level: int | None
    languages: list[str]
    status: str


EMAIL: JsonDict = {"format": "email"}


class PersonIn(InputSchema):
    employee_id: str = Field(..., min_length=1, max_length=64)
    email: str = Field(..., min_length=3, max_length=254, json_schema_extra=EMAIL)
    full_name: str = Field(..., min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    department: str = Field("", max_length=120)
    manager_id: Id | None = None
    location: str = Field("", max_length=120)
    time_zone: str = Field("UTC", max_length=64)
    hire_date: dt.date | None = None
    job_level: int | None = Field(None, ge=1, le=20)
    languages: list[str] = []
    status: PersonStatus = "active"


class PersonPatch(InputSchema):
    employee_id: str | None = Field(None, min_length=1, max_length=64)
    email: str | None = Field(None, min_length=3, max_length=254, json_schema_extra=EMAIL)
    full_name: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=120)
    manager_id: Id | None = None
    location: str | None = Field(None, max_length=120)
    time_zone: str | None = Field(None, max_length=64)
    hire_date: dt.date | None = None
    job_level: int | None = Field(None, ge=1, le=20)
    languages: list[str] | None = None
    status: PersonStatus | None = None

    _not_null = reject_null(
        "employee_id", "email", "full_name", "title", "department", "location", "time_zone",
        "languages", "status",
    )  # fmt: skip


class PeopleFilter(Schema):
    q: str = ""
    department: str = ""
    manager_id: Id | None = None
    location: str = ""
    status: str = ""


class ExpertiseItem(InputSchema):
    skill: str = Field(..., min_length=1, max_length=100)
    level: int = Field(3, ge=1, le=5)


class ProfileIO(InputSchema):
    bio: str = Field("", max_length=4000)
    expertise: list[ExpertiseItem] = []
    development_goals: list[str] = []
    career_goals: str = Field("", max_length=4000)
    interests: list[str] = []
    languages: list[str] = []
    meeting_format: MeetingFormat = "either"
    availability_hours_per_month: int = Field(2, ge=0, le=160)


class SkillOut(Schema):
    id: int
    name: str
    category: str
    aliases: list[str]


class ImportErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportReportOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool
    errors: list[ImportErrorOut]
    warnings: list[str] = []
    upload_id: int | None = Field(
        None, description="Set after a clean dry run: POST /people/import/{upload_id}/confirm."
    )


@router.get("/people", response={200: list[PersonOut], **ERRORS})
@paginate(PagePagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]):  # type: ignore[no-untyped-def]
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied("Sign in to see the directory.")
    return selectors.list_people(**filters.dict())


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    return Status(201, services.create_person(actor=request.user, data=payload.dict()))


# Declared before /people/{person_id} so that "import" is not taken for an id.
@router.post("/people/import", response={200: ImportReportOut, **ERRORS})
def import_people_file(
    request: HttpRequest, file: File[UploadedFile], dry_run: bool = False
) -> dict[str, object]:
    """Import a CSV or XLSX HR export. Any row error → nothing is written (all-or-nothing)."""
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import the directory.")
    filename, content = file.name or "upload", file.read()
    if dry_run:
        report, kept = import_uploads.dry_run_and_keep(
            actor=request.user, filename=filename, content=content
        )
        return {**report.as_dict(), "upload_id": kept.pk if kept else None}
    report = import_people(filename=filename, content=content, dry_run=False, actor=request.user)
    return report.as_dict()


@router.post(
    "/people/import/{upload_id}/confirm", response={200: ImportReportOut, 410: ErrorOut, **ERRORS}
)
def confirm_people_import(request: HttpRequest, upload_id: int) -> dict[str, object]:
    """Import the file kept by a clean dry run (same admin, once, within an hour).

    404: no such upload (or already confirmed); 410: the dry run has expired.
    """
    if not permissions.can_import_people(request.user):
        raise PermissionDenied("Only org admins can import the directory.")
    report = import_uploads.confirm_upload(actor=request.user, upload_id=upload_id)
    return report.as_dict()


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, person_id: int) -> Person:
    return selectors.access_person_by_id(actor=request.user, person_id=person_id)


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
def patch_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    person = selectors.access_person_by_id(actor=request.user, person_id=person_id)
    data = payload.dict(exclude_unset=True)
    return services.update_person(actor=request.user, person=person, data=data)


def _profile_out(person: Person) -> ProfileIO:
    profile = selectors.get_profile(person)
    if profile is None:
        return ProfileIO.model_validate({"languages": person.languages})
    skills = list(profile.skills.all())
    return ProfileIO(
        bio=profile.bio,
        expertise=[
            ExpertiseItem(skill=s.skill.name, level=s.level or 3)
            for s in skills
            if s.kind == "expertise"
        ],
        development_goals=[s.skill.name for s in skills if s.kind == "development"],
        career_goals=profile.career_goals,
        interests=profile.interests,
        languages=person.languages,
        meeting_format=profile.meeting_format,  # type: ignore[arg-type]
        availability_hours_per_month=profile.availability_hours_per_month,
    )


@router.get("/people/{person_id}/profile", response={200: ProfileIO, **ERRORS})
def get_profile(request: HttpRequest, person_id: int) -> ProfileIO:
    person = selectors.access_person_by_id(actor=request.user, person_id=person_id)
    return _profile_out(person)


@router.put("/people/{person_id}/profile", response={200: ProfileIO, **ERRORS})
def put_profile(request: HttpRequest, person_id: int, payload: ProfileIO) -> ProfileIO:
    person = selectors.access_person_by_id(actor=request.user, person_id=person_id)
    services.update_profile(
        actor=request.user,
        person=person,
        bio=payload.bio,
        career_goals=payload.career_goals,
        interests=payload.interests,
        languages=payload.languages,
        meeting_format=payload.meeting_format,
        availability_hours_per_month=payload.availability_hours_per_month,
        expertise=[services.SkillLevel(e.skill, e.level) for e in payload.expertise],
        development_goals=payload.development_goals,
    )
    return _profile_out(person)


@router.get("/skills", response={200: list[SkillOut], **ERRORS})
@paginate(PagePagination)
def list_skills(request: HttpRequest, q: str = "", category: str = ""):  # type: ignore[no-untyped-def]
    return [
        SkillOut(
            id=s.pk, name=s.name, category=s.category, aliases=[a.alias for a in s.aliases.all()]
        )
        for s in selectors.list_skills(q=q, category=category)
    ]
