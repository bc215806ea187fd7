"""Schemathesis fuzzes every operation of the live OpenAPI schema: bad input is never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tandem.accounts.services import issue_token
from tandem.config.wsgi import application
from tests.factories import EmployeeFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
MAX_EXAMPLES = 12


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Schemathesis calls the WSGI app directly; like Django's test client, keep the test's
    database connection open across requests (otherwise PostgreSQL's is closed mid-test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db):  # type: ignore[no-untyped-def]
    admin = EmployeeFactory(user__is_org_admin=True)
    EmployeeFactory(manager=admin)
    _, token = issue_token(user=admin.user)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_operation_answers_a_server_error_to_generated_input(case, admin_headers):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])
