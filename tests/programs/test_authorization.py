"""The authorization matrix: every programs endpoint and page, each role that must be refused.

The program is enrolling and open to everyone, so employees may see it (and get a 403 for
what they may not do); drafts are invisible (404) to everyone but admins and managers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tandem.core import clock
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory, PersonFactory

from .factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "employee", "participant", "other_manager", "leader", "manager", "admin")


@pytest.fixture
def world(
    program,
    manager_person,
    other_manager_person,
    participant_person,
    employee_person,
    leader_person,
    admin_person,
) -> dict[str, Any]:
    applicant = ParticipantFactory(program=program, person=EmployeeFactory(), role="mentor")
    own = program.participants.get(person=participant_person)
    users = {
        "anonymous": None,
        "employee": employee_person.user,
        "participant": participant_person.user,
        "other_manager": other_manager_person.user,
        "leader": leader_person.user,
        "manager": manager_person.user,
        "admin": admin_person.user,
    }
    return {"program": program, "applicant": applicant, "own": own, "users": users}


def _dates() -> dict[str, str]:
    today = clock.today()
    return {
        "enrollment_opens": today.isoformat(),
        "enrollment_closes": (today + dt.timedelta(days=5)).isoformat(),
        "starts_on": (today + dt.timedelta(days=10)).isoformat(),
        "ends_on": (today + dt.timedelta(days=50)).isoformat(),
    }


# endpoint → (method, path, body, {role: expected status})
def _matrix(w: dict[str, Any]) -> dict[str, tuple[str, str, Any, dict[str, int]]]:
    p, a, own = w["program"].pk, w["applicant"].pk, w["own"].pk
    manage = {
        "anonymous": 401,
        "employee": 403,
        "participant": 403,
        "other_manager": 403,
        "leader": 403,
        "manager": 200,
        "admin": 200,
    }
    return {
        "list": ("get", "/api/v1/programs", None, dict.fromkeys(ROLES, 200) | {"anonymous": 401}),
        "create": (
            "post",
            "/api/v1/programs",
            {"name": "New"},
            {**manage, "manager": 403, "admin": 201},
        ),
        "read": (
            "get",
            f"/api/v1/programs/{p}",
            None,
            dict.fromkeys(ROLES, 200) | {"anonymous": 401},
        ),
        "edit": ("patch", f"/api/v1/programs/{p}", {"purpose": "Changed"}, manage),
        "status": ("patch", f"/api/v1/programs/{p}", {"status": "matching"}, manage),
        "clone": (
            "post",
            f"/api/v1/programs/{p}/clone",
            _dates(),
            {**manage, "manager": 201, "admin": 201},
        ),
        "stats": ("get", f"/api/v1/programs/{p}/stats", None, {**manage, "leader": 200}),
        "announcements": ("get", f"/api/v1/programs/{p}/announcements", None, manage),
        "announce": (
            "post",
            f"/api/v1/programs/{p}/announcements",
            {},
            {**manage, "manager": 201, "admin": 201},
        ),
        "export": ("get", f"/api/v1/programs/{p}/participants.csv", None, manage),
        "decide": (
            "post",
            f"/api/v1/programs/{p}/participants/decisions",
            {"participant_ids": [a], "status": "approved"},
            manage,
        ),
        "enrol_other": (
            "post",
            f"/api/v1/programs/{p}/participants",
            {"role": "mentee", "person_id": PersonFactory().pk},
            {**manage, "manager": 201, "admin": 201},
        ),
        "read_participant": (
            "get",
            f"/api/v1/participants/{a}",
            None,
            {**manage, "employee": 404, "participant": 404, "other_manager": 404, "leader": 404},
        ),
        "decide_participant": (
            "patch",
            f"/api/v1/participants/{a}",
            {"status": "approved"},
            {**manage, "employee": 404, "participant": 404, "other_manager": 404, "leader": 404},
        ),
        "approve_self": (
            "patch",
            f"/api/v1/participants/{own}",
            {"status": "approved"},
            {**manage, "employee": 404, "other_manager": 404, "leader": 404},
        ),
    }


ENDPOINTS = (
    "list",
    "create",
    "read",
    "edit",
    "status",
    "clone",
    "stats",
    "announcements",
    "announce",
    "export",
    "decide",
    "enrol_other",
    "read_participant",
    "decide_participant",
    "approve_self",
)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_role_gets_the_expected_answer_from_each_endpoint(world, endpoint, role):
    PersonFactory()  # someone to announce to
    method, path, body, expected = _matrix(world)[endpoint]
    client = ApiClient(world["users"][role])
    response = getattr(client, method)(path, body)
    assert response.status_code == expected[role], (endpoint, role, response.content[:300])


@pytest.mark.parametrize("role", ["employee", "participant", "other_manager", "leader"])
def test_a_draft_is_invisible_to_everyone_but_admins_and_its_managers(world, role):
    draft = ProgramFactory(status="draft", managers=[world["users"]["manager"].person])
    client = ApiClient(world["users"][role])
    assert client.get(f"/api/v1/programs/{draft.pk}").status_code == 404
    assert (
        client.post(f"/api/v1/programs/{draft.pk}/participants", {"role": "mentee"}).status_code
        == 404
    )
    assert (
        ApiClient(world["users"]["manager"]).get(f"/api/v1/programs/{draft.pk}").status_code == 200
    )


def test_a_leader_sees_figures_but_no_names(world):
    client = ApiClient(world["users"]["leader"])
    program = world["program"]
    stats = client.get(f"/api/v1/programs/{program.pk}/stats").json()
    assert stats["total"] == 2
    assert client.get(f"/api/v1/programs/{program.pk}/participants").json()["items"] == []


# ---- pages ----------------------------------------------------------------------------------


def _browser(user: Any) -> Client:
    client = Client()
    if user is not None:
        assert client.login(email=user.email, password=PASSWORD)
    return client


def _pages(w: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, int]]]:
    p, own = w["program"].pk, w["own"].pk
    manage = {
        "employee": 403,
        "participant": 403,
        "other_manager": 403,
        "leader": 403,
        "manager": 200,
        "admin": 200,
    }
    everyone = dict.fromkeys(ROLES[1:], 200)
    return {
        "list": ("get", "/programs/", everyone),
        "create": ("get", "/programs/new/", {**manage, "manager": 403}),
        "detail": ("get", f"/programs/{p}/", everyone),
        "edit": ("get", f"/programs/{p}/edit/", manage),
        "clone": ("get", f"/programs/{p}/clone/", manage),
        "announce": ("get", f"/programs/{p}/announce/", manage),
        "enrol": ("get", f"/programs/{p}/enrol/", everyone),
        "participants": ("get", f"/programs/{p}/participants/", manage),
        "csv": ("get", f"/programs/{p}/participants.csv", manage),
        "status": ("post", f"/programs/{p}/status/", {**manage, "manager": 302, "admin": 302}),
        "withdraw_other": (
            "post",
            f"/programs/participants/{w['applicant'].pk}/withdraw/",
            {
                **manage,
                "employee": 404,
                "participant": 404,
                "other_manager": 404,
                "leader": 404,
                "manager": 302,
                "admin": 302,
            },
        ),
        "capacity_own": (
            "post",
            f"/programs/participants/{own}/capacity/",
            {
                **manage,
                "employee": 404,
                "participant": 302,
                "other_manager": 404,
                "leader": 404,
                "manager": 302,
                "admin": 302,
            },
        ),
    }


PAGES = (
    "list",
    "create",
    "detail",
    "edit",
    "clone",
    "announce",
    "enrol",
    "participants",
    "csv",
    "status",
    "withdraw_other",
    "capacity_own",
)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(world, page):
    method, path, _ = _pages(world)[page]
    response = getattr(Client(), method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("page", PAGES)
def test_each_role_gets_the_expected_answer_from_each_page(world, page, role):
    method, path, expected = _pages(world)[page]
    data = {"status": "matching", "capacity": "2"} if method == "post" else None
    response = getattr(_browser(world["users"][role]), method)(path, data)
    assert response.status_code == expected[role], (page, role)
