"""Program design services: create (also from templates), edit, workflow, clone, announce."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.programs import catalog, services
from tandem.programs.models import Program, ProgramAnnouncement
from tests.factories import EmployeeFactory, PersonFactory

from .factories import ParticipantFactory, ProgramFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _dates(offset: int = 0) -> dict[str, dt.date]:
    today = clock.today() + dt.timedelta(days=offset)
    return {
        "enrollment_opens": today,
        "enrollment_closes": today + dt.timedelta(days=14),
        "starts_on": today + dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=200),
    }


def test_an_org_admin_creates_a_draft_with_the_default_weights_of_its_type(admin_person):
    program = services.create_program(
        actor=admin_person.user, data={"name": "Reverse", "type": "reverse"}
    )
    assert program.status == "draft"
    assert program.matching_weights["seniority"] == 2
    assert program.constraints["preferred_level_gap"] == [-4, -1]
    assert AuditLog.objects.filter(action="program.create", target_id=str(program.pk)).exists()


def test_only_org_admins_create_programs(employee_person, manager_person, program):
    for person in (employee_person, manager_person):
        with pytest.raises(NotAllowed):
            services.create_program(actor=person.user, data={"name": "Nope"})


@pytest.mark.parametrize("template", [t.key for t in catalog.list_templates()])
def test_every_shipped_template_creates_a_valid_program(admin_person, template):
    program = services.create_program(
        actor=admin_person.user, data={**_dates()}, template_key=template
    )
    assert program.template_key == template
    assert program.purpose and program.agreement_text and program.objectives
    assert 6 <= len(program.curriculum) <= 12
    assert program.questions.count() >= 3
    assert program.conversation_starters


def test_six_templates_ship_with_the_promised_programs():
    names = {t.name for t in catalog.list_templates()}
    assert names == {
        "New-hire onboarding buddy",
        "Women in leadership",
        "Reverse mentoring on technology",
        "Cross-functional exchange",
        "High-potential executive mentoring",
        "Flash mentoring",
    }


def test_an_unknown_template_is_refused(admin_person):
    with pytest.raises(DomainError, match="“nope”"):
        services.create_program(actor=admin_person.user, data={}, template_key="nope")


def test_fields_given_with_a_template_override_it(admin_person):
    program = services.create_program(
        actor=admin_person.user,
        data={"name": "Buddies 2025", "meeting_cadence_days": 10},
        template_key="new_hire_buddy",
    )
    assert program.name == "Buddies 2025"
    assert program.meeting_cadence_days == 10


def test_dates_out_of_order_are_refused_naming_the_pair(admin_person):
    dates = _dates()
    dates["starts_on"], dates["ends_on"] = dates["ends_on"], dates["starts_on"]
    with pytest.raises(DomainError, match=r"start date .* must be on or before the end date"):
        services.create_program(actor=admin_person.user, data={"name": "X", **dates})
    assert not Program.objects.filter(name="X").exists()


def test_a_manager_edits_their_program_but_not_its_managers(program, manager_person):
    services.update_program(
        actor=manager_person.user, program=program, data={"purpose": "New purpose"}
    )
    program.refresh_from_db()
    assert program.purpose == "New purpose"
    with pytest.raises(NotAllowed):
        services.update_program(
            actor=manager_person.user, program=program, data={"manager_ids": []}
        )


def test_a_manager_of_another_program_cannot_edit_this_one(program, other_manager_person):
    with pytest.raises(NotAllowed):
        services.update_program(
            actor=other_manager_person.user, program=program, data={"name": "Mine now"}
        )


def test_edits_are_audited_with_only_what_changed(program, admin_person):
    services.update_program(actor=admin_person.user, program=program, data={"name": "Renamed"})
    entry = AuditLog.objects.get(action="program.update")
    assert entry.before == {"name": "Grow Together"}
    assert entry.after == {"name": "Renamed"}


def test_unknown_manager_ids_are_refused(program, admin_person):
    with pytest.raises(DomainError, match="No person with id 424242"):
        services.update_program(
            actor=admin_person.user, program=program, data={"manager_ids": [424242]}
        )


def test_questions_are_replaced_keeping_the_ids_of_those_still_there(program, admin_person):
    kept = QuestionFactory(program=program, text="Keep me?")
    QuestionFactory(program=program, text="Drop me?")
    services.update_program(
        actor=admin_person.user,
        program=program,
        data={
            "questions": [
                {"id": kept.pk, "text": "Keep me, reworded?", "kind": "text"},
                {"text": "Pick one", "kind": "single", "choices": ["A", "B"], "required": True},
            ]
        },
    )
    texts = list(program.questions.values_list("text", flat=True))
    assert texts == ["Keep me, reworded?", "Pick one"]
    assert program.questions.filter(pk=kept.pk).exists()


def test_a_choice_question_needs_two_choices(program, admin_person):
    with pytest.raises(DomainError, match="at least two choices"):
        services.update_program(
            actor=admin_person.user,
            program=program,
            data={"questions": [{"text": "Pick", "kind": "multiple", "choices": ["Only"]}]},
        )


def test_the_status_follows_the_workflow_and_each_move_is_audited(admin_person):
    program = ProgramFactory(status="draft")
    for status in ("enrolling", "matching", "active", "closed"):
        services.change_program_status(actor=admin_person.user, program=program, status=status)
    program.refresh_from_db()
    assert program.status == "closed"
    assert AuditLog.objects.filter(action="program.status").count() == 4


def test_an_illegal_status_change_is_a_conflict_naming_both_states(admin_person):
    program = ProgramFactory(status="draft")
    with pytest.raises(ConflictError, match="from draft to active"):
        services.update_program(actor=admin_person.user, program=program, data={"status": "active"})
    program.refresh_from_db()
    assert program.status == "draft"


def test_enrolment_cannot_open_without_a_window(admin_person):
    program = ProgramFactory(status="draft", enrollment_opens=None, enrollment_closes=None)
    with pytest.raises(ConflictError, match="enrolment window"):
        services.change_program_status(actor=admin_person.user, program=program, status="enrolling")


def test_cloning_copies_the_design_with_new_dates_as_the_next_draft_cycle(program, manager_person):
    QuestionFactory(program=program, text="Why?")
    clone = services.clone_program(actor=manager_person.user, program=program, **_dates(365))
    assert clone.status == "draft"
    assert clone.cycle_number == 2
    assert clone.previous_cycle == program
    assert clone.name == program.name
    assert clone.purpose == program.purpose
    assert clone.matching_weights == program.matching_weights
    assert list(clone.questions.values_list("text", flat=True)) == ["Why?"]
    assert list(clone.managers.all()) == [manager_person]
    assert clone.enrollment_opens == clock.today() + dt.timedelta(days=365)
    assert AuditLog.objects.filter(action="program.clone").exists()


def test_cloning_requires_new_dates(program, admin_person):
    with pytest.raises(DomainError, match="enrollment_opens, enrollment_closes"):
        services.clone_program(
            actor=admin_person.user,
            program=program,
            enrollment_opens=None,
            enrollment_closes=None,
            starts_on=clock.today(),
            ends_on=clock.today(),
        )


def test_cloning_is_refused_to_employees(program, employee_person):
    with pytest.raises(NotAllowed):
        services.clone_program(actor=employee_person.user, program=program, **_dates())


def test_the_announcement_reaches_the_eligible_audience_in_app_and_by_email(
    program, manager_person, django_capture_on_commit_callbacks
):
    program.eligibility = {"departments": ["Engineering"]}
    program.save()
    eligible = EmployeeFactory(department="Engineering")
    PersonFactory(department="Sales")
    applied = PersonFactory(department="Engineering")
    ParticipantFactory(program=program, person=applied)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.announce_program(
            actor=manager_person.user, program=program, message="Join us!"
        )
    recipients = set(
        Notification.objects.filter(kind="program.announcement").values_list(
            "recipient_id", flat=True
        )
    )
    assert eligible.pk in recipients
    assert applied.pk not in recipients
    assert sent.recipient_count == len(recipients)
    assert (
        f"/programs/{program.pk}/enrol/"
        in Notification.objects.filter(recipient=eligible).get().url
    )
    assert program.purpose in mail.outbox[0].body
    assert "Join us!" in mail.outbox[0].body
    assert AuditLog.objects.filter(action="program.announce").exists()


def test_an_announcement_is_sent_once_per_opening_unless_resent_explicitly(program, manager_person):
    PersonFactory()
    services.announce_program(actor=manager_person.user, program=program)
    with pytest.raises(ConflictError, match="already announced"):
        services.announce_program(actor=manager_person.user, program=program)
    services.announce_program(actor=manager_person.user, program=program, resend=True)
    assert ProgramAnnouncement.objects.filter(program=program).count() == 2


def test_reopening_enrolment_allows_a_new_announcement(program, admin_person):
    PersonFactory()
    services.announce_program(actor=admin_person.user, program=program)
    services.change_program_status(actor=admin_person.user, program=program, status="matching")
    services.change_program_status(actor=admin_person.user, program=program, status="enrolling")
    services.announce_program(actor=admin_person.user, program=program)
    assert ProgramAnnouncement.objects.filter(program=program).count() == 2


def test_a_program_that_is_not_enrolling_cannot_be_announced(admin_person):
    program = ProgramFactory(status="draft")
    with pytest.raises(ConflictError, match="status: draft"):
        services.announce_program(actor=admin_person.user, program=program)


def test_announcing_is_refused_to_a_manager_of_another_program(program, other_manager_person):
    with pytest.raises(NotAllowed):
        services.announce_program(actor=other_manager_person.user, program=program)
