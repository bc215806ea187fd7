"""Fixtures for the programs tests: a program with a manager, and each role's client."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

from .factories import ParticipantFactory, ProgramFactory


@pytest.fixture
def manager_person(db: Any) -> Any:
    return EmployeeFactory(full_name="Mia Manager")


@pytest.fixture
def program(manager_person: Any) -> Any:
    return ProgramFactory(name="Grow Together", managers=[manager_person])


@pytest.fixture
def other_manager_person(db: Any) -> Any:
    """Manages another program, not ``program``."""
    person = EmployeeFactory(full_name="Otto Other")
    ProgramFactory(name="Another program", managers=[person])
    return person


@pytest.fixture
def participant_person(program: Any) -> Any:
    person = EmployeeFactory(full_name="Pat Participant")
    ParticipantFactory(program=program, person=person, role="mentee")
    return person


@pytest.fixture
def api_manager(manager_person: Any) -> ApiClient:
    return ApiClient(manager_person.user)


@pytest.fixture
def api_other_manager(other_manager_person: Any) -> ApiClient:
    return ApiClient(other_manager_person.user)


@pytest.fixture
def api_participant(participant_person: Any) -> ApiClient:
    return ApiClient(participant_person.user)
