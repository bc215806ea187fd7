"""Relationship services: creation, agreement, status changes, goals, milestones, pulses."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.relationships import closure, goals, meetings, notes, services
from tandem.relationships.models import Celebration, Meeting, Relationship
from tests.factories import EmployeeFactory
from tests.relationships.conftest import NOW, reload
from tests.relationships.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _goal(pair, **overrides):
    values = {
        "title": "Present at the all-hands",
        "metric": "One 10-minute talk with a feedback score of 4+",
        "plan": "Draft, rehearse twice with Marta, deliver",
        "relevance": "I want to lead projects, which means presenting",
        "due_on": dt.date(2025, 6, 30),
    }
    values.update(overrides)
    return goals.create_goal(relationship=pair.relationship, actor=pair.mentee.user, **values)


def test_a_manager_creates_a_pending_relationship_and_both_members_are_told(pending_pair):
    relationship = pending_pair.relationship
    assert relationship.status == Relationship.Status.PENDING
    assert {m.role for m in relationship.members.all()} == {"mentor", "mentee"}
    told = Notification.objects.filter(kind="relationship.created")
    assert {n.recipient for n in told} == {pending_pair.mentor, pending_pair.mentee}
    assert AuditLog.objects.filter(action="relationship.create").exists()
    pending_pair.mentee_participant.refresh_from_db()
    assert pending_pair.mentee_participant.status == "matched"


def test_an_employee_cannot_create_a_relationship(pending_pair):
    mentor = ParticipantFactory(program=pending_pair.program, role="mentor", capacity=2)
    mentee = ParticipantFactory(program=pending_pair.program, role="mentee")
    with pytest.raises(NotAllowed):
        services.create_relationship(
            program=pending_pair.program,
            mentor=mentor,
            mentees=[mentee],
            kind="pair",
            actor=EmployeeFactory().user,
        )


def test_a_trusted_caller_such_as_matchmaking_may_create_for_a_mentor(pending_pair):
    mentor = ParticipantFactory(program=pending_pair.program, role="mentor", capacity=2)
    mentee = ParticipantFactory(program=pending_pair.program, role="mentee")
    relationship = services.create_relationship(
        program=pending_pair.program,
        mentor=mentor,
        mentees=[mentee],
        kind="pair",
        actor=mentor.person.user,
        trusted=True,
        notify=False,
    )
    assert relationship.members.count() == 2


def test_a_relationship_refuses_an_unapproved_or_foreign_participant(pending_pair):
    manager = pending_pair.manager.user
    mentor = ParticipantFactory(program=pending_pair.program, role="mentor", capacity=2)
    waitlisted = ParticipantFactory(
        program=pending_pair.program, role="mentee", status="waitlisted"
    )
    with pytest.raises(DomainError, match="not approved"):
        services.create_relationship(
            program=pending_pair.program,
            mentor=mentor,
            mentees=[waitlisted],
            kind="pair",
            actor=manager,
        )
    foreign = ParticipantFactory(role="mentee")
    with pytest.raises(DomainError, match="not enrolled"):
        services.create_relationship(
            program=pending_pair.program,
            mentor=mentor,
            mentees=[foreign],
            kind="pair",
            actor=manager,
        )


def test_the_same_pair_cannot_be_matched_twice_while_open(pending_pair):
    with pytest.raises(ConflictError, match="already have an open relationship"):
        services.create_relationship(
            program=pending_pair.program,
            mentor=pending_pair.mentor_participant,
            mentees=[pending_pair.mentee_participant],
            kind="pair",
            actor=pending_pair.manager.user,
        )


def test_a_mentor_beyond_capacity_is_refused(pending_pair):
    mentor = ParticipantFactory(program=pending_pair.program, role="mentor", capacity=1)
    first, second = (
        ParticipantFactory(program=pending_pair.program, role="mentee") for _ in range(2)
    )
    services.create_relationship(
        program=pending_pair.program,
        mentor=mentor,
        mentees=[first],
        kind="pair",
        actor=pending_pair.manager.user,
    )
    with pytest.raises(DomainError, match="capacity is 1"):
        services.create_relationship(
            program=pending_pair.program,
            mentor=mentor,
            mentees=[second],
            kind="pair",
            actor=pending_pair.manager.user,
        )


def test_the_relationship_becomes_active_only_when_both_accept_the_agreement(pending_pair):
    relationship = pending_pair.relationship
    services.accept_agreement(
        relationship=relationship, actor=pending_pair.mentee.user, notes="I prefer mornings."
    )
    relationship = reload(relationship)
    assert relationship.status == "pending"
    assert Notification.objects.filter(
        kind="relationship.agreement", recipient=pending_pair.mentor
    ).exists()
    services.accept_agreement(relationship=relationship, actor=pending_pair.mentor.user)
    relationship = reload(relationship)
    assert relationship.status == "active"
    assert relationship.started_on == NOW.date()
    mentee_member = next(m for m in relationship.members.all() if m.role == "mentee")
    assert mentee_member.agreement_notes == "I prefer mornings."


def test_a_manager_cannot_accept_the_agreement_for_the_members(pending_pair):
    with pytest.raises(NotAllowed):
        services.accept_agreement(
            relationship=pending_pair.relationship, actor=pending_pair.manager.user
        )


def test_a_pending_relationship_cannot_be_resumed_into_active(pending_pair):
    with pytest.raises(ConflictError, match="accepts the agreement"):
        services.change_status(
            relationship=pending_pair.relationship, actor=pending_pair.mentee.user, status="active"
        )


def test_pause_and_resume(pair):
    services.change_status(relationship=pair.relationship, actor=pair.mentor.user, status="paused")
    assert reload(pair.relationship).status == "paused"
    services.change_status(
        relationship=reload(pair.relationship), actor=pair.mentee.user, status="active"
    )
    assert reload(pair.relationship).status == "active"


def test_ending_early_needs_a_reason_and_cancels_future_meetings(pair, mailoutbox):
    meetings.schedule_meeting(
        relationship=pair.relationship, actor=pair.mentee.user, starts_at=NOW + dt.timedelta(days=3)
    )
    with pytest.raises(DomainError, match="Say why"):
        services.end_relationship(
            relationship=pair.relationship, actor=pair.mentee.user, reason=" "
        )
    services.end_relationship(
        relationship=reload(pair.relationship), actor=pair.mentee.user, reason="I changed teams."
    )
    relationship = reload(pair.relationship)
    assert relationship.status == "ended"
    assert relationship.ended_on == NOW.date()
    meeting = Meeting.objects.get(relationship=relationship)
    assert meeting.status == "cancelled"
    assert meeting.sequence == 1


def test_a_closed_relationship_stays_readable_but_refuses_changes(pair):
    services.change_status(
        relationship=pair.relationship, actor=pair.manager.user, status="completed"
    )
    relationship = reload(pair.relationship)
    assert Celebration.objects.filter(relationship=relationship, kind="completed").exists()
    with pytest.raises(ConflictError):
        notes.add_note(relationship=relationship, actor=pair.mentee.user, body="late note")
    with pytest.raises(ConflictError):
        services.change_status(relationship=relationship, actor=pair.mentee.user, status="active")


def test_each_member_answers_the_closure_survey_once(pair):
    with pytest.raises(ConflictError, match="opens when"):
        closure.submit_closure_survey(
            relationship=pair.relationship,
            actor=pair.mentee.user,
            achieved="x",
            rating=5,
            would_recommend=True,
        )
    services.change_status(
        relationship=pair.relationship, actor=pair.mentee.user, status="completed"
    )
    relationship = reload(pair.relationship)
    closure.submit_closure_survey(
        relationship=relationship,
        actor=pair.mentee.user,
        achieved="I gave my first talk",
        rating=5,
        would_recommend=True,
    )
    with pytest.raises(ConflictError, match="already answered"):
        closure.submit_closure_survey(
            relationship=relationship,
            actor=pair.mentee.user,
            achieved="again",
            rating=4,
            would_recommend=True,
        )
    with pytest.raises(DomainError) as missing:
        closure.submit_closure_survey(
            relationship=relationship,
            actor=pair.mentor.user,
            achieved="  ",
            rating=4,
            would_recommend=True,
        )
    assert missing.value.errors[0].field == "achieved"


# --- goals -----------------------------------------------------------------------------------


def test_the_smart_check_names_every_missing_part_at_once(pair):
    with pytest.raises(DomainError) as exc:
        _goal(pair, title="", metric=" ", plan="", relevance="", due_on=None)
    assert {e.field: e.message for e in exc.value.errors} == {
        "title": goals.TITLE_MISSING,
        "metric": goals.METRIC_MISSING,
        "plan": goals.PLAN_MISSING,
        "relevance": goals.RELEVANCE_MISSING,
        "due_on": goals.DUE_MISSING,
    }


def test_a_goal_due_in_the_past_or_after_the_program_is_refused(pair):
    with pytest.raises(DomainError) as past:
        _goal(pair, due_on=dt.date(2025, 3, 2))
    assert past.value.errors == [
        goals.FieldError("due_on", goals.DUE_IN_PAST.format(due="2025-03-02"))
    ]
    with pytest.raises(DomainError, match="after the program ends"):
        _goal(pair, due_on=dt.date(2026, 1, 31))


def test_the_mentor_comments_on_goals_but_does_not_draft_them(pair):
    with pytest.raises(NotAllowed):
        goals.create_goal(
            relationship=pair.relationship,
            actor=pair.mentor.user,
            title="Mentor's own goal",
            metric="m",
            plan="p",
            relevance="r",
            due_on=dt.date(2025, 5, 1),
        )
    goal = _goal(pair)
    goals.add_goal_comment(goal=goal, actor=pair.mentor.user, body="Try a smaller audience first")
    assert goal.comments.get().author == pair.mentor
    assert Notification.objects.filter(kind="goal.comment", recipient=pair.mentee).exists()


def test_progress_follows_milestones_unless_set_by_hand(pair):
    goal = _goal(pair)
    first = goals.add_milestone(
        goal=goal, actor=pair.mentee.user, title="Outline", due_on=dt.date(2025, 4, 1)
    )
    goals.add_milestone(goal=goal, actor=pair.mentee.user, title="Rehearse")
    goals.update_milestone(milestone=first, actor=pair.mentor.user, completed=True)
    goal.refresh_from_db()
    assert goal.progress == 50
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"progress": 80})
    goal.refresh_from_db()
    assert (goal.progress, goal.progress_set_by_hand) == (80, True)
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"progress": None})
    goal.refresh_from_db()
    assert (goal.progress, goal.progress_set_by_hand) == (50, False)


def test_a_milestone_due_after_its_goal_is_refused(pair):
    goal = _goal(pair)
    with pytest.raises(DomainError, match="after the goal's"):
        goals.add_milestone(
            goal=goal, actor=pair.mentee.user, title="Late", due_on=dt.date(2025, 7, 1)
        )


def test_completing_a_milestone_celebrates_once_and_tells_both_members(pair):
    goal = _goal(pair)
    milestone = goals.add_milestone(goal=goal, actor=pair.mentee.user, title="First rehearsal")
    goals.update_milestone(milestone=milestone, actor=pair.mentee.user, completed=True)
    goals.update_milestone(milestone=milestone, actor=pair.mentee.user, completed=False)
    goals.update_milestone(milestone=milestone, actor=pair.mentee.user, completed=True)
    celebration = Celebration.objects.get(milestone=milestone)
    assert celebration.program == pair.program
    assert "First rehearsal" in celebration.title
    told = Notification.objects.filter(kind="celebration.milestone")
    assert sorted(n.recipient.pk for n in told) == sorted([pair.mentor.pk, pair.mentee.pk])


def test_achieving_a_goal_sets_progress_to_100_and_celebrates(pair):
    goal = _goal(pair)
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"status": "achieved"})
    goal.refresh_from_db()
    assert goal.progress == 100
    assert goal.achieved_at == NOW
    assert Celebration.objects.filter(kind="goal").exists()


# --- pulses and health ---------------------------------------------------------------------


def _held_meeting(pair, frozen, days_ago=1):
    [meeting] = meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        starts_at=frozen.at - dt.timedelta(days=days_ago),
        allow_past=True,
    )
    meeting.relationship = pair.relationship
    return meetings.update_meeting(meeting=meeting, actor=pair.mentor.user, data={"status": "held"})


def test_marking_a_meeting_held_asks_both_members_for_a_pulse(pair, frozen):
    _held_meeting(pair, frozen)
    asked = Notification.objects.filter(kind="meeting.pulse")
    assert {n.recipient for n in asked} == {pair.mentor, pair.mentee}


def test_a_future_meeting_cannot_be_marked_held(pair, frozen):
    [meeting] = meetings.schedule_meeting(
        relationship=pair.relationship, actor=pair.mentee.user, starts_at=NOW + dt.timedelta(days=2)
    )
    meeting.relationship = pair.relationship
    with pytest.raises(ConflictError, match="once it has started"):
        meetings.update_meeting(meeting=meeting, actor=pair.mentee.user, data={"status": "held"})


def test_a_pulse_is_given_once_per_member_and_only_after_the_meeting_was_held(pair, frozen):
    [future] = meetings.schedule_meeting(
        relationship=pair.relationship, actor=pair.mentee.user, starts_at=NOW + dt.timedelta(days=2)
    )
    future.relationship = pair.relationship
    with pytest.raises(ConflictError, match="held"):
        meetings.submit_pulse(meeting=future, actor=pair.mentee.user, rating=4)
    held = _held_meeting(pair, frozen)
    meetings.submit_pulse(meeting=held, actor=pair.mentee.user, rating=4)
    with pytest.raises(ConflictError, match="already given"):
        meetings.submit_pulse(meeting=held, actor=pair.mentee.user, rating=5)
    with pytest.raises(DomainError, match="1 to 5"):
        meetings.submit_pulse(meeting=held, actor=pair.mentor.user, rating=6)


def test_two_not_a_good_fit_answers_alert_the_program_managers_once(pair, frozen):
    first = _held_meeting(pair, frozen, days_ago=15)
    meetings.submit_pulse(
        meeting=first, actor=pair.mentee.user, rating=2, good_fit=False, comment="We don't click"
    )
    assert not Notification.objects.filter(kind="relationship.fit_alert").exists()
    second = _held_meeting(pair, frozen, days_ago=1)
    meetings.submit_pulse(meeting=second, actor=pair.mentor.user, rating=2, good_fit=False)
    meetings.submit_pulse(meeting=second, actor=pair.mentee.user, rating=1, good_fit=False)
    alerts = Notification.objects.filter(kind="relationship.fit_alert")
    assert [a.recipient for a in alerts] == [pair.manager]
    assert "don't click" not in alerts[0].body  # the comment stays with its author


def test_health_rises_with_meetings_pulses_and_goal_progress(pair, frozen):
    start = reload(pair.relationship).health
    frozen.advance(days=30)
    idle = services.refresh_health(reload(pair.relationship))
    held = _held_meeting(pair, frozen)
    meetings.submit_pulse(meeting=held, actor=pair.mentee.user, rating=5)
    goal = _goal(pair, due_on=dt.date(2025, 9, 1))
    goals.update_goal(goal=goal, actor=pair.mentee.user, data={"progress": 60})
    busy = reload(pair.relationship).health
    assert start is not None
    assert idle < start
    assert busy > idle
    assert 0 <= idle <= busy <= 100


def test_relationships_complete_when_their_program_ends(pair, pending_pair, frozen):
    from tandem.relationships.tasks import close_finished_relationships, refresh_all_health

    assert refresh_all_health.call_local() == 2
    frozen.move_to(dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC))
    assert close_finished_relationships.call_local() == 2
    active, pending = reload(pair.relationship), reload(pending_pair.relationship)
    assert (active.status, active.ended_on) == ("completed", dt.date(2025, 12, 19))
    assert (pending.status, pending.end_reason) == ("ended", closure.PROGRAM_ENDED_UNSTARTED)
    assert close_finished_relationships.call_local() == 0
