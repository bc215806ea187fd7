"""The programs API: contract, refusals (with the same messages as the pages), and errors."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.core import clock
from tandem.core.models import AuditLog
from tandem.programs.models import Participant, Program
from tests.factories import EmployeeFactory, PersonFactory

from .factories import ParticipantFactory, ProgramFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PROGRAM_FIELDS = {
    "id",
    "name",
    "description",
    "purpose",
    "type",
    "format",
    "status",
    "enrollment_opens",
    "enrollment_closes",
    "starts_on",
    "ends_on",
    "meeting_cadence_days",
    "matching_mode",
    "matching_weights",
    "constraints",
    "default_mentor_capacity",
    "manager_ids",
}
PARTICIPANT_FIELDS = {"id", "person_id", "program_id", "role", "status", "capacity"}


def _dates() -> dict[str, str]:
    today = clock.today()
    return {
        "enrollment_opens": today.isoformat(),
        "enrollment_closes": (today + dt.timedelta(days=10)).isoformat(),
        "matching_date": (today + dt.timedelta(days=12)).isoformat(),
        "starts_on": (today + dt.timedelta(days=20)).isoformat(),
        "ends_on": (today + dt.timedelta(days=120)).isoformat(),
    }


def test_an_admin_creates_a_program_from_a_template_with_the_documented_fields(
    api_admin, manager_person
):
    payload = {
        "template": "cross_functional_exchange",
        "manager_ids": [manager_person.pk],
        **_dates(),
    }
    response = api_admin.post("/api/v1/programs", payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= PROGRAM_FIELDS
    assert body["status"] == "draft"
    assert body["type"] == "cross_functional"
    assert body["manager_ids"] == [manager_person.pk]
    assert body["constraints"]["department"] == "different"
    assert len(body["questions"]) == 3
    assert len(body["curriculum"]) >= 6


def test_a_program_without_a_template_gets_the_default_weights_of_its_type(api_admin):
    response = api_admin.post("/api/v1/programs", {"name": "Reverse", "type": "reverse"})
    assert response.status_code == 201
    assert response.json()["constraints"]["preferred_level_gap"] == [-4, -1]


def test_an_unknown_criterion_is_a_400_naming_it(api_admin):
    response = api_admin.post(
        "/api/v1/programs", {"name": "X", "matching_weights": {"astrology": 1}}
    )
    assert response.status_code == 400
    assert "astrology" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "matching_weights"


def test_a_negative_weight_is_a_400(api_admin):
    response = api_admin.post("/api/v1/programs", {"name": "X", "matching_weights": {"skills": -2}})
    assert response.status_code == 400
    assert "“skills”" in response.json()["detail"]


def test_dates_out_of_order_are_a_400_naming_the_pair(api_admin):
    dates = {**_dates(), "enrollment_closes": "2099-01-01"}
    response = api_admin.post("/api/v1/programs", {"name": "X", **dates})
    assert response.status_code == 400
    assert (
        "Enrolment closes (2099-01-01) must be on or before the matching date"
        in (response.json()["detail"])
    )
    assert response.json()["errors"][0]["field"] == "matching_date"


def test_the_status_moves_by_patch_and_an_illegal_move_is_a_409(api_manager, program):
    response = api_manager.patch(f"/api/v1/programs/{program.pk}", {"status": "closed"})
    assert response.status_code == 200
    refused = api_manager.patch(f"/api/v1/programs/{program.pk}", {"status": "enrolling"})
    assert refused.status_code == 409
    assert "from closed to enrolling" in refused.json()["detail"]


def test_clone_makes_the_next_cycle(api_manager, program):
    response = api_manager.post(f"/api/v1/programs/{program.pk}/clone", _dates())
    assert response.status_code == 201, response.json()
    assert response.json()["cycle_number"] == 2
    assert response.json()["previous_cycle_id"] == program.pk
    missing = api_manager.post(f"/api/v1/programs/{program.pk}/clone", {})
    assert missing.status_code == 400
    assert "new dates" in missing.json()["detail"]


def test_the_list_is_paginated_and_filtered(api_admin):
    ProgramFactory.create_batch(3, status="draft", type="flash")
    ProgramFactory(status="active")
    body = api_admin.get("/api/v1/programs?status=draft&type=flash&page_size=2").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2


def test_an_employee_sees_programs_open_to_them_and_their_own_but_no_drafts(
    api_employee, employee_person
):
    open_one = ProgramFactory(name="Open")
    ProgramFactory(name="Draft", status="draft")
    ProgramFactory(name="Finance only", eligibility={"departments": ["Finance"]})
    mine = ProgramFactory(name="Joined", status="active", eligibility={"departments": ["Finance"]})
    ParticipantFactory(program=mine, person=employee_person)
    names = {p["name"] for p in api_employee.get("/api/v1/programs").json()["items"]}
    assert names == {"Open", "Joined"}
    opened = api_employee.get("/api/v1/programs?scope=open").json()["items"]
    assert [p["id"] for p in opened] == [open_one.pk]
    assert [p["name"] for p in api_employee.get("/api/v1/programs?scope=mine").json()["items"]] == [
        "Joined"
    ]


def test_the_all_scope_is_for_admins_and_leaders(api_employee, api_leader):
    assert api_employee.get("/api/v1/programs?scope=all").status_code == 403
    ProgramFactory(status="draft")
    ProgramFactory(status="active", eligibility={"departments": ["Nowhere"]})
    body = api_leader.get("/api/v1/programs?scope=all").json()
    assert [p["status"] for p in body["items"]] == ["active"]


def test_named_include_and_exclude_lists_are_hidden_from_non_managers(api_employee, program):
    program.eligibility = {"levels": {"min": 1}, "exclude": [999], "mentee": {"include": [5]}}
    program.save()
    body = api_employee.get(f"/api/v1/programs/{program.pk}").json()
    assert body["eligibility"] == {"levels": {"min": 1}, "mentee": {}}


class TestEnrolmentThroughTheApi:
    def test_an_employee_enrols_with_answers_and_gets_the_documented_participant(
        self, api_employee, employee_person, program
    ):
        question = QuestionFactory(program=program, kind="scale", required=True)
        response = api_employee.post(
            f"/api/v1/programs/{program.pk}/participants",
            {"role": "mentor", "capacity": 3, "answers": {str(question.pk): 4}},
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert set(body) >= PARTICIPANT_FIELDS
        assert body["person_id"] == employee_person.pk
        assert body["status"] == "applied"
        assert body["capacity"] == 3

    def test_an_ineligible_employee_is_refused_with_a_specific_message(self, api_employee, program):
        program.eligibility = {"levels": {"min": 7}}
        program.save()
        # Eligible for no role at all: the program is invisible to them (404) …
        assert (
            api_employee.post(
                f"/api/v1/programs/{program.pk}/participants", {"role": "mentee"}
            ).status_code
            == 404
        )
        # … unless they may see it: role rules leave the mentor side open to them.
        program.eligibility = {"mentee": {"levels": {"min": 7}}}
        program.save()
        response = api_employee.post(
            f"/api/v1/programs/{program.pk}/participants", {"role": "mentee"}
        )
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "Eve Employee cannot join Grow Together as mentee: "
            "open to job level 7 and above (level: 3)."
        )

    def test_a_closed_window_is_a_409_with_the_date(self, api_employee, program):
        program.enrollment_closes = clock.today() - dt.timedelta(days=1)
        program.save()
        response = api_employee.post(
            f"/api/v1/programs/{program.pk}/participants", {"role": "mentee"}
        )
        assert response.status_code == 409
        assert f"closed on {program.enrollment_closes.isoformat()}" in response.json()["detail"]

    def test_a_duplicate_is_a_409(self, api_employee, program):
        url = f"/api/v1/programs/{program.pk}/participants"
        assert api_employee.post(url, {"role": "mentee"}).status_code == 201
        response = api_employee.post(url, {"role": "mentee"})
        assert response.status_code == 409
        assert "already applied to Grow Together as mentee" in response.json()["detail"]

    def test_a_missing_required_answer_is_a_400_naming_the_question(self, api_employee, program):
        question = QuestionFactory(program=program, text="Why?", required=True)
        response = api_employee.post(
            f"/api/v1/programs/{program.pk}/participants", {"role": "mentee"}
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == f"answers.{question.pk}"

    def test_a_manager_enrols_someone_by_person_id(self, api_manager, program):
        person = PersonFactory()
        response = api_manager.post(
            f"/api/v1/programs/{program.pk}/participants",
            {"role": "mentee", "person_id": person.pk},
        )
        assert response.status_code == 201
        assert response.json()["person_id"] == person.pk

    def test_my_enrolment_reports_eligibility_window_and_checklist(self, api_employee, program):
        body = api_employee.get(f"/api/v1/programs/{program.pk}/my-enrolment").json()
        assert body["eligible"] is True
        assert body["window_open"] is True
        assert body["roles"] == ["mentee", "mentor"]
        assert {i["key"] for i in body["checklist"]["mentee"]} >= {
            "development_goals",
            "career_goals",
        }


class TestDecisionsThroughTheApi:
    def test_a_manager_approves_by_patch_with_status_or_action(self, api_manager, program):
        first, second = ParticipantFactory(program=program), ParticipantFactory(program=program)
        response = api_manager.patch(f"/api/v1/participants/{first.pk}", {"status": "approved"})
        assert response.status_code == 200
        assert response.json()["status"] == "approved"
        response = api_manager.patch(
            f"/api/v1/participants/{second.pk}", {"action": "waitlist", "note": "Full for now"}
        )
        assert response.json()["status"] == "waitlisted"
        assert response.json()["decision_note"] == "Full for now"

    def test_bulk_decisions_report_how_many_changed(self, api_manager, program):
        rows = ParticipantFactory.create_batch(3, program=program)
        rows[0].status = "declined"
        rows[0].save()
        response = api_manager.post(
            f"/api/v1/programs/{program.pk}/participants/decisions",
            {"participant_ids": [r.pk for r in rows], "status": "declined"},
        )
        assert response.status_code == 200
        assert response.json()["updated"] == 2

    def test_a_participant_withdraws_and_sets_their_capacity(
        self, api_employee, employee_person, program
    ):
        row = ParticipantFactory(program=program, person=employee_person, role="mentor")
        response = api_employee.patch(f"/api/v1/participants/{row.pk}", {"capacity": 4})
        assert response.json()["capacity"] == 4
        response = api_employee.patch(f"/api/v1/participants/{row.pk}", {"action": "withdraw"})
        assert response.json()["status"] == "withdrawn"
        again = api_employee.patch(f"/api/v1/participants/{row.pk}", {"action": "withdraw"})
        assert again.status_code == 409

    def test_the_csv_export_lists_participants_with_their_answers(self, api_manager, program):
        question = QuestionFactory(program=program, text="Favourite tool?")
        ParticipantFactory(
            program=program,
            person=PersonFactory(full_name="=HYPERLINK()"),
            answers={str(question.pk): "Excel"},
        )
        response = api_manager.get(f"/api/v1/programs/{program.pk}/participants.csv")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode()
        assert "Favourite tool?" in text.splitlines()[0]
        assert "'=HYPERLINK()" in text
        assert "Excel" in text


def test_me_reports_memberships_and_the_program_manager_role(api_manager, manager_person, program):
    ParticipantFactory(
        program=ProgramFactory(name="Learning"),
        person=manager_person,
        role="mentor",
        status="approved",
    )
    body = api_manager.get("/api/v1/me").json()
    assert "program_manager" in body["roles"]
    assert program.pk in body["managed_program_ids"]
    assert body["program_memberships"] == [
        {
            "program_id": Program.objects.get(name="Learning").pk,
            "program_name": "Learning",
            "role": "mentor",
            "status": "approved",
        }
    ]


def test_templates_are_listed_and_readable(api_employee):
    listing = api_employee.get("/api/v1/program-templates").json()
    assert len(listing) == 6
    detail = api_employee.get("/api/v1/program-templates/flash_mentoring").json()
    assert detail["design"]["type"] == "flash"
    assert api_employee.get("/api/v1/program-templates/nope").status_code == 404


def test_the_openapi_document_still_generates_with_the_programs_paths(api_anonymous):
    response = api_anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/programs",
        "/api/v1/programs/{program_id}",
        "/api/v1/programs/{program_id}/clone",
        "/api/v1/programs/{program_id}/participants",
        "/api/v1/participants/{participant_id}",
    ):
        assert path in paths


def test_bulk_decisions_are_audited_per_participant(api_manager, program):
    rows = ParticipantFactory.create_batch(2, program=program)
    api_manager.post(
        f"/api/v1/programs/{program.pk}/participants/decisions",
        {"participant_ids": [r.pk for r in rows], "status": "approved"},
    )
    assert AuditLog.objects.filter(action="participant.approved").count() == 2


def test_a_participant_sees_only_their_own_row_in_the_participant_list(
    api_participant, participant_person, program
):
    ParticipantFactory.create_batch(2, program=program)
    body = api_participant.get(f"/api/v1/programs/{program.pk}/participants").json()
    assert [p["person_id"] for p in body["items"]] == [participant_person.pk]
    assert Participant.objects.filter(program=program).count() == 3


def test_employees_without_a_directory_record_get_a_clear_error(program):
    from tests.conftest import ApiClient
    from tests.factories import UserFactory

    client = ApiClient(UserFactory(is_org_admin=True))
    response = client.post(f"/api/v1/programs/{program.pk}/participants", {"role": "mentee"})
    assert response.status_code == 400
    assert "not linked to anyone" in response.json()["detail"]


def test_unknown_people_are_a_404(api_manager, program):
    response = api_manager.post(
        f"/api/v1/programs/{program.pk}/participants", {"role": "mentee", "person_id": 987654}
    )
    assert response.status_code == 404


def test_enrolling_another_person_is_audited(api_admin, program):
    api_admin.post(
        f"/api/v1/programs/{program.pk}/participants",
        {"role": "mentee", "person_id": EmployeeFactory().pk},
    )
    assert AuditLog.objects.filter(action="participant.enrol").count() == 1
