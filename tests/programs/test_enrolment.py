"""Enrolment: refusals with specific messages, answers, decisions, withdrawal, capacity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from tandem.core import clock
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.programs import enrolment, services
from tandem.programs.models import Participant
from tandem.programs.selectors import profile_checklist
from tests.factories import EmployeeFactory, PersonFactory, ProfileFactory

from .factories import ParticipantFactory, ProgramFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_an_employee_applies_as_mentee(program, employee_person):
    participant = services.enroll_participant(
        actor=employee_person.user, program=program, role="mentee"
    )
    assert participant.person == employee_person
    assert participant.status == "applied"
    assert participant.capacity == 1


def test_a_mentor_gets_the_programs_default_capacity_or_their_own(program):
    program.default_mentor_capacity = 3
    program.save()
    first, second = EmployeeFactory(), EmployeeFactory()
    assert (
        services.enroll_participant(actor=first.user, program=program, role="mentor").capacity == 3
    )
    assert (
        services.enroll_participant(
            actor=second.user, program=program, role="mentor", capacity=5
        ).capacity
        == 5
    )


@pytest.mark.parametrize("capacity", [0, 51])
def test_a_capacity_outside_1_to_50_is_refused(program, employee_person, capacity):
    with pytest.raises(DomainError, match="1 to 50"):
        services.enroll_participant(
            actor=employee_person.user, program=program, role="mentor", capacity=capacity
        )


def test_only_mentors_state_a_capacity(program, employee_person):
    with pytest.raises(DomainError, match=enrolment.CAPACITY_MENTORS_ONLY):
        services.enroll_participant(
            actor=employee_person.user, program=program, role="mentee", capacity=3
        )


def test_an_ineligible_employee_is_refused_with_the_rule_that_failed(program, employee_person):
    program.eligibility = {"departments": ["Finance"]}
    program.save()
    with pytest.raises(DomainError) as exc:
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    assert exc.value.message == (
        "Eve Employee cannot join Grow Together as mentee: "
        "open to Finance only (department: Engineering)."
    )
    assert not Participant.objects.exists()


def test_role_specific_rules_apply_to_that_role(program, employee_person):
    program.eligibility = {"mentor": {"levels": {"min": 6}}}
    program.save()
    with pytest.raises(DomainError, match="job level 6 and above"):
        services.enroll_participant(actor=employee_person.user, program=program, role="mentor")
    services.enroll_participant(actor=employee_person.user, program=program, role="mentee")


def test_a_window_not_yet_open_is_refused_with_its_dates(program, employee_person):
    opens = clock.today() + dt.timedelta(days=3)
    program.enrollment_opens, program.enrollment_closes = opens, opens + dt.timedelta(days=5)
    program.save()
    with pytest.raises(ConflictError) as exc:
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    assert exc.value.message == (
        f"Enrolment in Grow Together opens on {opens.isoformat()} "
        f"and closes on {(opens + dt.timedelta(days=5)).isoformat()}."
    )


def test_a_closed_window_is_refused_with_its_closing_date(program, employee_person):
    closed = clock.today() - dt.timedelta(days=1)
    program.enrollment_opens, program.enrollment_closes = closed - dt.timedelta(days=9), closed
    program.save()
    with pytest.raises(ConflictError, match=f"closed on {closed.isoformat()}"):
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")


@pytest.mark.parametrize("status", ["draft", "matching", "active", "closed"])
def test_only_enrolling_programs_take_applications(employee_person, status):
    program = ProgramFactory(status=status)
    with pytest.raises(ConflictError, match=f"not open for enrolment \\(it is {status}\\)"):
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")


def test_a_duplicate_in_the_same_role_is_refused_but_another_role_is_fine(program, employee_person):
    services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    with pytest.raises(ConflictError) as exc:
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    assert exc.value.message == (
        "Eve Employee has already applied to Grow Together as mentee (status: applied)."
    )
    services.enroll_participant(actor=employee_person.user, program=program, role="mentor")
    assert Participant.objects.filter(person=employee_person).count() == 2


def test_the_database_refuses_a_duplicate_that_slips_past_the_check(
    program, employee_person, monkeypatch
):
    ParticipantFactory(program=program, person=employee_person, role="mentee")
    real = Participant.objects.filter

    def blind_filter(*args, **kwargs):  # the pre-check sees nothing: the race was lost
        if "role" in kwargs and "person" in kwargs:
            return real(pk=-1)
        return real(*args, **kwargs)

    monkeypatch.setattr(Participant.objects, "filter", blind_filter)
    with pytest.raises(ConflictError, match="already applied"):
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")


def test_a_peer_program_enrols_peers_only(employee_person):
    program = ProgramFactory(type="peer")
    with pytest.raises(DomainError, match="peer program: enrol as peer"):
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    assert (
        services.enroll_participant(actor=employee_person.user, program=program, role="peer").role
        == "peer"
    )


def test_after_withdrawing_a_person_can_apply_again(program, employee_person):
    first = services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    services.withdraw_participant(actor=employee_person.user, participant=first)
    again = services.enroll_participant(actor=employee_person.user, program=program, role="mentee")
    assert again.pk == first.pk
    assert again.status == "applied"
    assert again.withdrawn_at is None


def test_an_employee_cannot_enrol_someone_else(program, employee_person):
    with pytest.raises(NotAllowed, match="someone else"):
        services.enroll_participant(
            actor=employee_person.user, program=program, person=PersonFactory(), role="mentee"
        )


def test_a_manager_enrols_someone_late_while_matching_and_it_is_audited(manager_person):
    program = ProgramFactory(status="matching", managers=[manager_person])
    person = PersonFactory()
    participant = services.enroll_participant(
        actor=manager_person.user, program=program, person=person, role="mentor"
    )
    assert participant.person == person
    assert AuditLog.objects.filter(action="participant.enrol").exists()


def test_a_manager_still_cannot_enrol_an_ineligible_person(program, manager_person):
    program.eligibility = {"locations": ["Tokyo"]}
    program.save()
    with pytest.raises(DomainError, match="open to people in Tokyo only"):
        services.enroll_participant(
            actor=manager_person.user, program=program, person=PersonFactory(), role="mentee"
        )


class TestAnswers:
    def test_required_questions_must_be_answered(self, program, employee_person):
        QuestionFactory(program=program, text="Why join?", required=True)
        with pytest.raises(DomainError, match="Please answer “Why join\\?”"):
            services.enroll_participant(
                actor=employee_person.user, program=program, role="mentee", answers={}
            )

    def test_questions_for_the_other_role_are_not_required(self, program, employee_person):
        QuestionFactory(program=program, required=True, audience="mentor")
        services.enroll_participant(actor=employee_person.user, program=program, role="mentee")

    def test_answers_are_validated_by_kind(self, program, employee_person):
        single = QuestionFactory(program=program, kind="single", choices=["A", "B"])
        multiple = QuestionFactory(program=program, kind="multiple", choices=["X", "Y", "Z"])
        scale = QuestionFactory(program=program, kind="scale")
        bad = [
            ({str(single.pk): "C"}, "“C” is not one of the choices"),
            ({str(multiple.pk): ["X", "W"]}, "“W” is not one of the choices"),
            ({str(scale.pk): 6}, "number from 1 to 5"),
            ({"999999": "hi"}, "Question 999999 is not one of"),
        ]
        for answers, message in bad:
            with pytest.raises(DomainError, match=message):
                services.enroll_participant(
                    actor=employee_person.user, program=program, role="mentee", answers=answers
                )
        good = {str(single.pk): "B", str(multiple.pk): ["Y", "Z"], str(scale.pk): 4}
        participant = services.enroll_participant(
            actor=employee_person.user, program=program, role="mentee", answers=good
        )
        assert participant.answers == good


class TestDecisions:
    def test_a_manager_approves_in_bulk_in_one_audited_step_and_applicants_are_told(
        self, program, manager_person, django_capture_on_commit_callbacks
    ):
        people = [EmployeeFactory() for _ in range(3)]
        rows = [ParticipantFactory(program=program, person=p) for p in people]
        with django_capture_on_commit_callbacks(execute=True):
            services.decide_participants(
                actor=manager_person.user,
                program=program,
                participant_ids=[r.pk for r in rows],
                status="approved",
                note="Welcome aboard",
            )
        assert set(Participant.objects.values_list("status", flat=True)) == {"approved"}
        assert AuditLog.objects.filter(action="participant.approved").count() == 3
        notes = Notification.objects.filter(kind="program.approved")
        assert notes.count() == 3
        assert "Welcome aboard" in notes.first().body
        assert len(mail.outbox) == 3
        assert Participant.objects.first().decided_by == manager_person

    def test_one_illegal_row_leaves_the_whole_batch_unchanged(self, program, manager_person):
        ok = ParticipantFactory(program=program)
        gone = ParticipantFactory(program=program, status="withdrawn")
        with pytest.raises(ConflictError, match="is withdrawn as mentee"):
            services.decide_participants(
                actor=manager_person.user,
                program=program,
                participant_ids=[ok.pk, gone.pk],
                status="approved",
            )
        ok.refresh_from_db()
        assert ok.status == "applied"

    def test_participants_of_another_program_are_refused(self, program, manager_person):
        stranger = ParticipantFactory()
        with pytest.raises(DomainError, match=f"Not participants of this program: {stranger.pk}"):
            services.decide_participants(
                actor=manager_person.user,
                program=program,
                participant_ids=[stranger.pk],
                status="declined",
            )

    def test_a_waitlisted_applicant_can_be_approved_later(self, program, manager_person):
        row = ParticipantFactory(program=program, status="waitlisted")
        services.decide_participant(actor=manager_person.user, participant=row, status="approved")
        row.refresh_from_db()
        assert row.status == "approved"

    def test_deciding_is_refused_to_employees_participants_and_other_managers(
        self, program, employee_person, other_manager_person
    ):
        row = ParticipantFactory(program=program)
        for person in (employee_person, row.person, other_manager_person):
            with pytest.raises(NotAllowed):
                services.decide_participants(
                    actor=getattr(person, "user", None) or person,
                    program=program,
                    participant_ids=[row.pk],
                    status="approved",
                )

    def test_a_closed_program_takes_no_more_decisions(self, manager_person):
        program = ProgramFactory(status="closed", managers=[manager_person])
        row = ParticipantFactory(program=program)
        with pytest.raises(ConflictError, match="is closed"):
            services.decide_participant(
                actor=manager_person.user, participant=row, status="approved"
            )


class TestWithdrawAndCapacity:
    def test_a_participant_withdraws_and_the_managers_are_told(self, program, employee_person):
        row = ParticipantFactory(program=program, person=employee_person)
        services.withdraw_participant(actor=employee_person.user, participant=row, reason="No time")
        row.refresh_from_db()
        assert row.status == "withdrawn"
        assert row.withdrawn_at is not None
        assert Notification.objects.filter(kind="program.withdrawal").count() == 1

    def test_withdrawing_twice_or_when_matched_is_a_conflict(self, program, employee_person):
        row = ParticipantFactory(program=program, person=employee_person, status="withdrawn")
        with pytest.raises(ConflictError, match="already withdrawn"):
            services.withdraw_participant(actor=employee_person.user, participant=row)
        row.status = "matched"
        row.save()
        with pytest.raises(ConflictError, match="end the relationship"):
            services.withdraw_participant(actor=employee_person.user, participant=row)

    def test_nobody_else_withdraws_a_participant(self, program, employee_person):
        row = ParticipantFactory(program=program)
        with pytest.raises(NotAllowed):
            services.withdraw_participant(actor=employee_person.user, participant=row)

    def test_a_mentor_sets_their_capacity_and_it_is_audited(self, program, employee_person):
        row = ParticipantFactory(program=program, person=employee_person, role="mentor")
        services.set_participant_capacity(actor=employee_person.user, participant=row, capacity=4)
        row.refresh_from_db()
        assert row.capacity == 4
        assert AuditLog.objects.get(action="participant.capacity").after == {"capacity": 4}

    def test_a_mentee_has_no_capacity_to_set(self, program, employee_person):
        row = ParticipantFactory(program=program, person=employee_person, role="mentee")
        with pytest.raises(DomainError, match="Only mentors"):
            services.set_participant_capacity(
                actor=employee_person.user, participant=row, capacity=2
            )

    def test_a_participant_cannot_approve_themselves(self, program, employee_person):
        row = ParticipantFactory(program=program, person=employee_person)
        with pytest.raises(NotAllowed):
            services.update_participant(
                actor=employee_person.user, participant=row, status="approved"
            )


def test_the_profile_checklist_shows_what_matching_still_needs(employee_person):
    employee_person.languages = []
    employee_person.save()
    ProfileFactory(person=employee_person, career_goals="")
    mentee = {i.key: i.done for i in profile_checklist(employee_person, "mentee")}
    assert mentee == {
        "development_goals": False,
        "career_goals": False,
        "time_zone": True,
        "languages": False,
    }
    mentor = {i.key for i in profile_checklist(employee_person, "mentor")}
    assert mentor == {"expertise", "time_zone", "languages"}
