"""The program form in sections: curriculum weeks and enrolment questions as rows, and
eligibility per role as fields (the JSON stays in the API)."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import Client

from tandem.programs.models import Program

pytestmark = pytest.mark.django_db


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _post_data(client, program) -> QueryDict:
    form = client.get(f"/programs/{program.pk}/edit/").context["form"]
    data = QueryDict(mutable=True)
    for key, value in form.initial.items():
        data[key] = "" if value is None else value
    return data


def _lists(data: QueryDict) -> dict[str, list[str]]:
    return {key: data.getlist(key) for key in data}


def test_the_form_is_split_into_numbered_sections_with_a_summary(program, manager_person):
    html = _client(manager_person).get(f"/programs/{program.pk}/edit/").content.decode()
    assert 'aria-label="Sections of the program form"' in html
    assert "1. Basics" in html and "Summary</h2>" in html
    assert 'id="curriculum-rows"' in html and 'id="question-rows"' in html
    assert "Rules per role (JSON)" not in html
    assert "Mentees: hired within (days)" in html


def test_curriculum_weeks_and_questions_are_saved_from_rows(program, manager_person):
    client = _client(manager_person)
    data = _post_data(client, program)
    data.setlist("curriculum_week", ["1", "2", ""])
    data.setlist("curriculum_topic", ["Kick-off", "Goals", ""])
    data.setlist("curriculum_details", ["Meet and agree", "", ""])
    data.setlist("question_text", ["Why join?", "Format?", ""])
    data.setlist("question_kind", ["text", "single", "text"])
    data.setlist("question_choices", ["", "Virtual; In person", ""])
    data.setlist("question_required", ["yes", "no", "no"])
    data.setlist("question_audience", ["mentee", "all", "all"])
    response = client.post(f"/programs/{program.pk}/edit/", _lists(data))
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert program.curriculum == [
        {"week": 1, "topic": "Kick-off", "details": "Meet and agree"},
        {"week": 2, "topic": "Goals", "details": ""},
    ]
    questions = list(program.questions.order_by("position", "id"))
    assert [(q.text, q.kind, q.required, q.audience) for q in questions] == [
        ("Why join?", "text", True, "mentee"),
        ("Format?", "single", False, "all"),
    ]
    assert questions[1].choices == ["Virtual", "In person"]


def test_removing_every_row_clears_the_curriculum(program, manager_person):
    Program.objects.filter(pk=program.pk).update(
        curriculum=[{"week": 1, "topic": "Old", "details": ""}]
    )
    client = _client(manager_person)
    data = _post_data(client, program)
    data.setlist("curriculum_topic", [""])
    data.setlist("curriculum_week", ["1"])
    assert client.post(f"/programs/{program.pk}/edit/", _lists(data)).status_code == 302
    program.refresh_from_db()
    assert program.curriculum == []


def test_eligibility_per_role_is_a_form_and_other_json_rules_are_kept(program, manager_person):
    Program.objects.filter(pk=program.pk).update(
        eligibility={"mentor": {"departments": ["Sales"], "levels": {"min": 3}}}
    )
    client = _client(manager_person)
    data = _post_data(client, program)
    assert str(data["mentor_level_min"]) == "3"
    data["mentor_level_min"] = "5"
    data["mentee_hired_within_days"] = "90"
    response = client.post(f"/programs/{program.pk}/edit/", _lists(data))
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert program.eligibility["mentor"] == {"departments": ["Sales"], "levels": {"min": 5}}
    assert program.eligibility["mentee"] == {"hired_within_days": 90}


def test_a_bad_row_is_a_form_error_not_a_server_error(program, manager_person):
    client = _client(manager_person)
    data = _post_data(client, program)
    data.setlist("curriculum_week", ["x"])
    data.setlist("curriculum_topic", ["Kick-off"])
    data["mentee_level_min"] = "99"
    response = client.post(f"/programs/{program.pk}/edit/", _lists(data))
    assert response.status_code == 200
    assert response.context["form"].errors
