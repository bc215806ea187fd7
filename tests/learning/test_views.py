"""Training pages: taking a module, authoring it, a program's required training."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.learning.models import TrainingModule, TrainingProgress
from tests.programs.factories import ParticipantFactory, ProgramFactory

from .conftest import make_module

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_my_training_lists_the_shipped_modules(employee_person):
    page = _client(employee_person).get(reverse("learning:training")).content.decode()
    assert "Active listening" in page and "Setting SMART goals" in page


def test_the_module_page_shows_the_quiz_without_its_answers(employee_person):
    module = make_module()
    page = _client(employee_person).get(reverse("learning:module", args=[module.pk]))
    html = page.content.decode()
    assert "Two plus two?" in html and "correct" not in html.lower()


def test_a_learner_reads_sections_and_passes_the_quiz_in_the_browser(employee_person):
    module = make_module()
    client = _client(employee_person)
    client.post(reverse("learning:section_done", args=[module.pk, 0]))
    response = client.post(
        reverse("learning:quiz", args=[module.pk]), {"q0": "0", "q1": ["0", "1"]}
    )
    assert "Passed with 100 %" in response.content.decode()
    row = TrainingProgress.objects.get(person=employee_person, module=module)
    assert row.completed_at and row.score == 100


def test_an_unanswered_quiz_shows_form_errors(employee_person):
    module = make_module()
    response = _client(employee_person).post(reverse("learning:quiz", args=[module.pk]), {})
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_an_admin_writes_a_module_in_the_form(admin_person):
    data = {
        "title": "Saying no",
        "audience": "everyone",
        "minutes": 10,
        "published": "on",
        "sections_text": "# Why\n\nBecause <script>x()</script>.\n\n# How\n\nKindly.",
        "quiz_text": "pass mark: 50\n? Best first step?\n* Listen\n- Refuse",
    }
    response = _client(admin_person).post(reverse("learning:module_new"), data)
    module = TrainingModule.objects.get(title="Saying no")
    assert response.status_code == 302
    assert [s.title for s in module.sections.all()] == ["Why", "How"]
    assert module.quiz["questions"][0]["options"][0] == {"text": "Listen", "correct": True}
    page = _client(admin_person).get(reverse("learning:module", args=[module.pk])).content.decode()
    assert "<script>x()" not in page


def test_the_form_names_a_quiz_without_a_correct_answer(admin_person):
    data = {
        "title": "Saying no",
        "audience": "everyone",
        "minutes": 10,
        "sections_text": "# Why\n\nText",
        "quiz_text": "? Best first step?\n- Listen\n- Refuse",
    }
    response = _client(admin_person).post(reverse("learning:module_new"), data)
    assert response.status_code == 200 and "mark at least one option" in response.content.decode()


def test_employees_cannot_open_the_authoring_pages(employee_person):
    client = _client(employee_person)
    assert client.get(reverse("learning:module_new")).status_code == 403
    module = make_module()
    assert client.get(reverse("learning:module_edit", args=[module.pk])).status_code == 403


def test_a_manager_sets_required_training_and_sees_who_has_some_left(employee_person):
    program = ProgramFactory(managers=[employee_person])
    mentor = ParticipantFactory(program=program, role="mentor", status="approved")
    listening = TrainingModule.objects.get(key="active-listening")
    client = _client(employee_person)
    response = client.post(
        reverse("learning:program", args=[program.pk]),
        {"mentor_modules": [listening.pk], "training_gate": "block"},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.required_training == {"mentor": [listening.pk], "mentee": []}
    page = client.get(reverse("learning:program", args=[program.pk])).content.decode()
    assert mentor.person.full_name in page and "Active listening" in page


def test_a_participant_cannot_open_the_programs_training_page(employee_person):
    program = ProgramFactory()
    ParticipantFactory(program=program, person=employee_person, role="mentee")
    assert (
        _client(employee_person).get(reverse("learning:program", args=[program.pk])).status_code
        == 403
    )
