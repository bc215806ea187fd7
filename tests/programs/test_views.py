"""The program pages: what each shows, the forms, and refusals read as sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.core import clock
from tandem.programs.models import Participant, Program
from tests.factories import PASSWORD, EmployeeFactory, PersonFactory

from .factories import ParticipantFactory, ProgramFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def browser(person) -> Client:
    client = Client()
    assert client.login(email=person.user.email, password=PASSWORD)
    return client


def test_the_program_page_shows_purpose_dates_curriculum_contacts_and_an_apply_button(
    program, employee_person, manager_person
):
    program.curriculum = [{"week": 1, "topic": "Kick-off", "details": "Meet"}]
    program.values = ["Curiosity"]
    program.save()
    html = browser(employee_person).get(f"/programs/{program.pk}/").content.decode()
    for text in (
        "Grow Together",
        "Help people grow.",
        "Kick-off",
        "Curiosity",
        manager_person.full_name,
        "Apply to join",
        "Enrolment closes",
    ):
        assert text in html
    assert "Review applications" not in html


def test_managers_see_application_figures_and_their_tools(program, manager_person):
    ParticipantFactory.create_batch(2, program=program, role="mentor", status="approved")
    html = browser(manager_person).get(f"/programs/{program.pk}/").content.decode()
    assert 'id="program-stats"' in html
    assert "Review applications" in html
    assert "Close enrolment, start matching" in html


def test_the_list_has_tabs_and_admins_see_all(admin_person, employee_person):
    ProgramFactory(name="Visible draft", status="draft")
    assert "Visible draft" in browser(admin_person).get("/programs/").content.decode()
    html = browser(employee_person).get("/programs/?scope=all").content.decode()
    assert "Visible draft" not in html
    assert "All programs" not in html


def test_the_list_page_query_count_does_not_grow_with_programs(admin_person):
    client = browser(admin_person)
    ProgramFactory.create_batch(2)
    client.get("/programs/")
    with CaptureQueriesContext(connection) as few:
        client.get("/programs/")
    ProgramFactory.create_batch(8)
    with CaptureQueriesContext(connection) as many:
        client.get("/programs/")
    assert len(many) == len(few)


def test_the_participant_table_query_count_does_not_grow_with_rows(program, manager_person):
    client = browser(manager_person)
    ParticipantFactory.create_batch(2, program=program)
    client.get(f"/programs/{program.pk}/participants/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/programs/{program.pk}/participants/")
    ParticipantFactory.create_batch(10, program=program, role="mentor")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/programs/{program.pk}/participants/")
    assert len(many) == len(few)


def test_an_admin_creates_a_program_from_a_template_page(admin_person):
    client = browser(admin_person)
    gallery = client.get("/programs/new/").content.decode()
    assert "Women in leadership" in gallery
    form = client.get("/programs/new/?template=women_in_leadership")
    assert "Visibility and personal brand" in form.content.decode()
    data = dict(form.context["form"].initial)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(template="women_in_leadership", managers=admin_person.email)
    response = client.post("/programs/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    program = Program.objects.get(template_key="women_in_leadership")
    assert program.questions.count() == 4
    assert program.eligibility["mentor"] == {"levels": {"min": 7}}
    assert program.matching_weights["goals_text"] == 3
    assert list(program.managers.all()) == [admin_person]


def test_the_editor_shows_a_domain_error_beside_the_form(program, manager_person):
    client = browser(manager_person)
    form = client.get(f"/programs/{program.pk}/edit/")
    data = {k: ("" if v is None else v) for k, v in form.context["form"].initial.items()}
    data["ends_on"] = "2000-01-01"
    response = client.post(f"/programs/{program.pk}/edit/", data)
    assert response.status_code == 200
    assert "must be on or before the end date (2000-01-01)" in response.content.decode()


def test_enrolling_through_the_page_with_a_checklist_and_questions(program, employee_person):
    question = QuestionFactory(program=program, text="Your motivation?", required=True)
    client = browser(employee_person)
    page = client.get(f"/programs/{program.pk}/enrol/").content.decode()
    assert "Your motivation?" in page
    assert "Skills you want to develop" in page  # the checklist
    refused = client.post(f"/programs/{program.pk}/enrol/", {"role": "mentee"})
    assert "Please answer “Your motivation?”" in refused.content.decode()
    response = client.post(
        f"/programs/{program.pk}/enrol/",
        {"role": "mentor", "capacity": "2", f"q_{question.pk}": "Give back"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get(person=employee_person)
    assert (participant.role, participant.capacity) == ("mentor", 2)
    assert participant.answers == {str(question.pk): "Give back"}


def test_the_enrol_page_refuses_an_ineligible_employee_with_the_rule(program, employee_person):
    program.eligibility = {"mentee": {"departments": ["Legal"]}}
    program.save()
    response = browser(employee_person).post(f"/programs/{program.pk}/enrol/", {"role": "mentee"})
    assert (
        "Eve Employee cannot join Grow Together as mentee: open to Legal only "
        "(department: Engineering)."
    ) in response.content.decode()
    assert not Participant.objects.exists()


def test_the_enrol_page_refuses_a_closed_window_with_its_date(program, employee_person):
    program.enrollment_closes = clock.today() - dt.timedelta(days=2)
    program.save()
    client = browser(employee_person)
    page = client.get(f"/programs/{program.pk}/enrol/").content.decode()
    assert f"closed on {program.enrollment_closes.isoformat()}" in page
    response = client.post(f"/programs/{program.pk}/enrol/", {"role": "mentee"})
    assert f"closed on {program.enrollment_closes.isoformat()}" in response.content.decode()
    assert not Participant.objects.exists()


def test_the_enrol_page_refuses_a_duplicate(program, employee_person):
    ParticipantFactory(program=program, person=employee_person, role="mentee")
    response = browser(employee_person).post(f"/programs/{program.pk}/enrol/", {"role": "mentee"})
    assert "has already applied to Grow Together as mentee" in response.content.decode()


def test_a_manager_approves_selected_applicants_in_bulk(program, manager_person):
    rows = ParticipantFactory.create_batch(3, program=program)
    client = browser(manager_person)
    page = client.get(f"/programs/{program.pk}/participants/?role=mentee").content.decode()
    assert rows[0].person.full_name in page
    response = client.post(
        f"/programs/{program.pk}/participants/?role=mentee",
        {"participant_ids": [rows[0].pk, rows[1].pk], "status": "approved", "note": ""},
        follow=True,
    )
    assert "2 marked approved." in response.content.decode()
    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert statuses == {rows[0].pk: "approved", rows[1].pk: "approved", rows[2].pk: "applied"}


def test_submitting_the_bulk_form_with_nothing_selected_says_so(program, manager_person):
    ParticipantFactory(program=program)
    response = browser(manager_person).post(
        f"/programs/{program.pk}/participants/", {"status": "approved"}, follow=True
    )
    assert "Select at least one person." in response.content.decode()


def test_the_csv_export_page_downloads_the_table(program, manager_person):
    ParticipantFactory(program=program, person=PersonFactory(full_name="Carla CSV"))
    response = browser(manager_person).get(f"/programs/{program.pk}/participants.csv?role=mentee")
    assert "Carla CSV" in response.content.decode()
    assert "attachment" in response["Content-Disposition"]


def test_a_manager_opens_enrolment_and_an_illegal_move_shows_a_message(manager_person):
    program = ProgramFactory(status="draft", managers=[manager_person])
    client = browser(manager_person)
    client.post(f"/programs/{program.pk}/status/", {"status": "enrolling"})
    program.refresh_from_db()
    assert program.status == "enrolling"
    response = client.post(f"/programs/{program.pk}/status/", {"status": "active"}, follow=True)
    assert "A program cannot go from enrolling to active" in response.content.decode()


def test_the_announce_page_sends_and_the_clone_page_makes_the_next_cycle(program, manager_person):
    EmployeeFactory()
    client = browser(manager_person)
    assert "eligible people" in client.get(f"/programs/{program.pk}/announce/").content.decode()
    sent = client.post(f"/programs/{program.pk}/announce/", {"message": "Hi"}, follow=True)
    assert "Announcement sent to" in sent.content.decode()
    today = clock.today()
    response = client.post(
        f"/programs/{program.pk}/clone/",
        {
            "enrollment_opens": today + dt.timedelta(days=300),
            "enrollment_closes": today + dt.timedelta(days=310),
            "starts_on": today + dt.timedelta(days=320),
            "ends_on": today + dt.timedelta(days=400),
        },
    )
    assert response.status_code == 302
    assert Program.objects.get(previous_cycle=program).cycle_number == 2


def test_a_participant_withdraws_and_sets_capacity_from_the_program_page(program, employee_person):
    row = ParticipantFactory(program=program, person=employee_person, role="mentor")
    client = browser(employee_person)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Withdraw my application" in page
    client.post(f"/programs/participants/{row.pk}/capacity/", {"capacity": "5"})
    client.post(f"/programs/participants/{row.pk}/withdraw/", {"next": "//evil.example/"})
    row.refresh_from_db()
    assert (row.capacity, row.status) == (5, "withdrawn")


def test_the_home_page_shows_program_cards(program, employee_person):
    html = browser(employee_person).get("/").content.decode()
    assert "Open for enrolment" in html
    assert "Grow Together" in html


def test_a_required_question_for_mentors_does_not_block_a_mentee(program, employee_person):
    QuestionFactory(program=program, text="What can you teach?", required=True, audience="mentor")
    client = browser(employee_person)
    page = client.get(f"/programs/{program.pk}/enrol/").content.decode()
    assert "What can you teach? (mentors)</label>" in page  # not marked "(optional)"
    response = client.post(f"/programs/{program.pk}/enrol/", {"role": "mentee"})
    assert response.status_code == 302
    refused = client.post(f"/programs/{program.pk}/enrol/", {"role": "mentor", "capacity": "1"})
    assert "Please answer “What can you teach?”" in refused.content.decode()


def test_the_program_page_links_managers_to_match_runs_and_relationships(client, db):
    manager = EmployeeFactory()
    program = ProgramFactory()
    program.managers.add(manager)
    client.force_login(manager.user)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert f"/matchmaking/programs/{program.pk}/" in page
    assert f"/relationships/program/{program.pk}/" in page
