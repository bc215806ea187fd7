"""Fixtures shared by the whole suite: people with logins in each role, API clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.accounts.services import issue_token
from tests.factories import EmployeeFactory


class ApiClient:
    """A Django test client that speaks JSON with a bearer token."""

    def __init__(self, user: Any | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _, token = issue_token(user=user)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def _call(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {**self.headers, **extra}
        if data is not None and method in {"post", "put", "patch"} and "format" not in kwargs:
            kwargs["content_type"] = "application/json"
        elif data is not None and kwargs.pop("format", None) == "multipart":
            pass
        return getattr(self.client, method)(path, data, **kwargs)

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("get", path, data, **extra)

    def post(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("post", path, data, **extra)

    def put(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("put", path, data, **extra)

    def patch(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self._call("patch", path, data, **extra)

    def delete(self, path: str, **extra: Any) -> Any:
        return self._call("delete", path, None, **extra)


@pytest.fixture
def admin_person(db: Any) -> Any:
    return EmployeeFactory(user__is_org_admin=True, full_name="Ada Admin")


@pytest.fixture
def employee_person(db: Any) -> Any:
    return EmployeeFactory(full_name="Eve Employee")


@pytest.fixture
def leader_person(db: Any) -> Any:
    return EmployeeFactory(user__is_leader=True, full_name="Leo Leader")


@pytest.fixture
def api_admin(admin_person: Any) -> ApiClient:
    return ApiClient(admin_person.user)


@pytest.fixture
def api_employee(employee_person: Any) -> ApiClient:
    return ApiClient(employee_person.user)


@pytest.fixture
def api_leader(leader_person: Any) -> ApiClient:
    return ApiClient(leader_person.user)


@pytest.fixture
def api_anonymous(db: Any) -> ApiClient:
    return ApiClient()
