"""Liveness, readiness, the error format and settings from the environment."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.config.settings import _email_settings
from tandem.core.audit import changed, record_audit, snapshot
from tandem.core.models import AuditLog
from tests.factories import PersonFactory


def test_healthz_answers_without_a_database():
    assert Client().get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_the_database_and_the_queue():
    body = Client().get("/readyz").json()
    assert body == {"status": "ready", "checks": {"database": True, "queue": True}}


@pytest.mark.django_db
def test_readyz_is_503_when_the_queue_does_not_answer(monkeypatch):
    from huey.contrib.djhuey import HUEY

    def broken() -> int:
        raise ConnectionError("queue down")

    monkeypatch.setattr(HUEY, "pending_count", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] is False


def test_email_url_is_translated_to_smtp_settings():
    settings = _email_settings("smtp://user:p%40ss@mail.example.org:587?tls=1")
    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_the_default_email_backend_is_the_console():
    assert _email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.django_db
def test_the_audit_log_keeps_only_what_changed():
    person = PersonFactory(title="Analyst")
    before = snapshot(person)
    person.title = "Senior Analyst"
    old, new = changed(before, snapshot(person))
    entry = record_audit(actor=None, action="person.update", target=person, before=old, after=new)
    assert AuditLog.objects.get().after == {"title": "Senior Analyst"}
    assert entry.before == {"title": "Analyst"}
    assert entry.target_type == "people.Person"
    assert entry.actor_email == ""


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404():
    response = Client().get("/api/v1/definitely-not-here")
    assert response.status_code == 404
