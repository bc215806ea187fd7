"""Each built-in nudge rule: due at the right moment, to the right people, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.engagement.models import Intervention, NudgeLog, NudgeSetting, RelationshipWatch
from tandem.engagement.nudging.engine import evaluate
from tandem.matchmaking import choice
from tandem.programs.models import Participant
from tandem.relationships import goals, meetings
from tandem.relationships.models import Relationship
from tests.engagement.conftest import make_pair, reload
from tests.matchmaking.conftest import add_profile, make_cohort
from tests.programs.factories import ParticipantFactory
from tests.programs.factories import ProgramFactory as EnrollingProgramFactory

pytestmark = pytest.mark.django_db

D = dt.timedelta


def _sent(rule, now):
    return evaluate(now=now, only=[rule])


def _titles(person, kind):
    return list(person.notifications.filter(kind=f"nudge.{kind}").values_list("title", flat=True))


def test_no_meeting_nudges_both_members_once_after_the_cadence_plus_the_grace_days(pair, frozen):
    assert _sent("no_meeting", frozen.at + D(days=20)).due["no_meeting"] == 0
    report = _sent("no_meeting", frozen.at + D(days=21))
    assert report.sent["no_meeting"] == 1 and report.messages["no_meeting"] == 2
    assert _titles(pair.mentee, "no_meeting") == [
        "Time to meet: 21 days since your relationship started"
    ]
    assert _sent("no_meeting", frozen.at + D(days=40)).sent["no_meeting"] == 0


def test_a_scheduled_meeting_or_the_programs_setting_changes_the_no_meeting_nudge(pair, frozen):
    NudgeSetting.objects.create(program=pair.program, rule="no_meeting", enabled=True, days=1)
    assert _sent("no_meeting", frozen.at + D(days=15)).due["no_meeting"] == 1
    meetings.schedule_meeting(
        relationship=pair.relationship, actor=pair.mentor.user, starts_at=frozen.at + D(days=20)
    )
    assert _sent("no_meeting", frozen.at + D(days=15)).due["no_meeting"] == 0
    NudgeSetting.objects.filter(rule="no_meeting").update(enabled=False)
    assert _sent("no_meeting", frozen.at + D(days=60)).due["no_meeting"] == 0


def test_the_meeting_reminder_comes_the_day_before_from_eight_in_each_members_zone(pair, frozen):
    meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentor.user,
        starts_at=dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC),  # NY 11:00, Tokyo 00:00 on 11th
    )
    first = _sent("meeting_reminder", dt.datetime(2025, 3, 9, 12, 30, tzinfo=dt.UTC))
    assert first.sent["meeting_reminder"] == 1  # New York: 08:30 on the 9th
    assert _titles(pair.mentor, "meeting_reminder") == [
        "Reminder: meeting with Kenji Mentee on 10 Mar 2025, 11:00 EDT"
    ]
    assert _titles(pair.mentee, "meeting_reminder") == []  # Tokyo: 21:30, too early
    _sent("meeting_reminder", dt.datetime(2025, 3, 9, 23, 30, tzinfo=dt.UTC))
    assert _titles(pair.mentee, "meeting_reminder") == [
        "Reminder: meeting with Marta Mentor on 11 Mar 2025, 00:00 JST"
    ]
    assert (
        _sent("meeting_reminder", dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)).sent[
            "meeting_reminder"
        ]
        == 0
    )


def test_members_who_gave_no_pulse_two_days_after_a_held_meeting_are_asked_once(pair, frozen):
    held = meetings.log_held_meeting(
        relationship=pair.relationship, actor=pair.mentor.user, starts_at=frozen.at - D(hours=2)
    )
    meetings.submit_pulse(meeting=held, actor=pair.mentor.user, rating=4)
    assert _sent("pulse_missing", frozen.at + D(days=1)).due["pulse_missing"] == 0
    assert _sent("pulse_missing", frozen.at + D(days=2)).sent["pulse_missing"] == 1
    assert _titles(pair.mentee, "pulse_missing") == [
        "How did your meeting on 3 Mar 2025 go? One minute"
    ]
    assert _titles(pair.mentor, "pulse_missing") == []


def test_an_unaccepted_agreement_reminds_the_members_then_tells_the_managers(db, frozen):
    pending = make_pair(accept=False)
    Relationship.objects.filter(pk=pending.relationship.pk).update(created_at=frozen.at)
    from tandem.relationships import services

    services.accept_agreement(relationship=reload(pending.relationship), actor=pending.mentor.user)
    _sent("agreement_pending", frozen.at + D(days=5))
    assert _titles(pending.mentee, "agreement_pending") and not _titles(
        pending.mentor, "agreement_pending"
    )
    assert not _titles(pending.manager, "agreement_pending")
    _sent("agreement_pending", frozen.at + D(days=10))
    assert _titles(pending.manager, "agreement_pending") == [
        f"A match in {pending.program.name} has not started after 10 days"
    ]
    assert len(_titles(pending.mentee, "agreement_pending")) == 1


def test_goals_due_in_seven_days_and_overdue_goals_are_each_nudged_once(pair, frozen):
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title="Present at the all-hands",
        metric="One talk, feedback 4+",
        plan="Draft and rehearse",
        relevance="Leading projects",
        due_on=dt.date(2025, 3, 20),
    )
    assert (
        _sent("goal_due_soon", dt.datetime(2025, 3, 12, 12, tzinfo=dt.UTC)).due["goal_due_soon"]
        == 0
    )
    _sent("goal_due_soon", dt.datetime(2025, 3, 13, 12, tzinfo=dt.UTC))
    assert _titles(pair.mentee, "goal_due_soon") == ["Goal due in 7 days: Present at the all-hands"]
    _sent("goal_overdue", dt.datetime(2025, 3, 21, 12, tzinfo=dt.UTC))
    _sent("goal_overdue", dt.datetime(2025, 3, 25, 12, tzinfo=dt.UTC))
    assert _titles(pair.mentor, "goal_overdue") == ["Goal overdue: Present at the all-hands"]
    goal.status = "achieved"
    goal.save()
    goal.due_on = dt.date(2025, 3, 30)
    assert (
        _sent("goal_due_soon", dt.datetime(2025, 3, 25, 12, tzinfo=dt.UTC)).due["goal_due_soon"]
        == 0
    )


def test_an_unanswered_request_reminds_the_mentor_then_offers_the_mentee_other_mentors(db):
    c = make_cohort(mode="mentee_choice", mentors=2, mentees=1)
    request = choice.request_mentor(
        actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0]
    )
    sent = request.created_at
    assert _sent("request_unanswered", sent + D(days=2)).due["request_unanswered"] == 0
    _sent("request_unanswered", sent + D(days=3))
    mentor, mentee = c.mentors[0].person, c.mentees[0].person
    assert _titles(mentor, "request_unanswered") == [
        f"{mentee.full_name} is waiting for your answer"
    ]
    _sent("request_alternatives", sent + D(days=5))
    assert _titles(mentee, "request_alternatives") == [
        f"No answer from {mentor.full_name} yet: see other mentors"
    ]


def test_a_mentor_without_a_bio_or_skills_is_asked_to_complete_it_before_the_match_date(db, frozen):
    program = EnrollingProgramFactory(matching_date=frozen.at.date() + D(days=5))
    bare = ParticipantFactory(program=program, role="mentor", status="approved")
    ready = ParticipantFactory(program=program, role="mentor", status="approved")
    add_profile(ready.person, bio="I have led teams.", expertise={"SQL": 4})
    _sent("mentor_profile_incomplete", frozen.at)
    assert _titles(bare.person, "mentor_profile_incomplete") == [
        f"Complete your mentor profile: {program.name} matches on 8 Mar 2025"
    ]
    assert _titles(ready.person, "mentor_profile_incomplete") == []


def test_applications_waiting_tell_the_program_managers_once_a_week(db, frozen):
    from tests.factories import EmployeeFactory

    manager = EmployeeFactory()
    program = EnrollingProgramFactory(managers=[manager])
    for _ in range(3):
        ParticipantFactory(program=program, status="applied")
    Participant.objects.filter(program=program).update(created_at=frozen.at - D(days=4))
    _sent("applications_waiting", frozen.at)
    _sent("applications_waiting", frozen.at + D(days=1))
    assert _titles(manager, "applications_waiting") == [
        f"3 applications waiting for approval in {program.name}"
    ]
    _sent("applications_waiting", frozen.at + D(days=7))
    assert len(_titles(manager, "applications_waiting")) == 2


def test_inactivity_closure_is_off_by_default_and_warns_before_it_closes(pair, frozen):
    assert _sent("inactivity_closure", frozen.at + D(days=120)).due["inactivity_closure"] == 0
    NudgeSetting.objects.create(
        program=pair.program, rule="inactivity_closure", enabled=True, days=30
    )
    _sent("inactivity_closure", frozen.at + D(days=16))
    assert _titles(pair.mentee, "inactivity_closure") == [
        f"Your mentoring in {pair.program.name} will close for inactivity"
    ]
    _sent("inactivity_closure", frozen.at + D(days=29))
    assert reload(pair.relationship).status == "active"  # fourteen days' notice first
    frozen.move_to(frozen.at + D(days=31))
    _sent("inactivity_closure", frozen.at)
    closed = reload(pair.relationship)
    assert (closed.status, closed.end_reason) == ("ended", "inactive")
    assert len(_titles(pair.mentor, "inactivity_closure")) == 2


def test_an_at_risk_relationship_with_no_intervention_alerts_the_managers_once(pair, frozen):
    evaluate(now=frozen.at + D(days=40), only=[])  # health falls: at risk from that day
    watch = RelationshipWatch.objects.get(relationship=pair.relationship)
    assert (watch.band, watch.since) == ("at_risk", dt.date(2025, 4, 12))
    _sent("at_risk_escalation", frozen.at + D(days=46))
    assert not _titles(pair.manager, "at_risk_escalation")
    _sent("at_risk_escalation", frozen.at + D(days=47))
    _sent("at_risk_escalation", frozen.at + D(days=50))
    assert _titles(pair.manager, "at_risk_escalation") == [
        f"A relationship in {pair.program.name} has been at risk since 12 Apr 2025"
    ]


def test_a_recorded_intervention_stops_the_escalation_and_its_follow_up_reminds_the_owner(
    pair, frozen
):
    evaluate(now=frozen.at + D(days=40), only=[])
    frozen.move_to(frozen.at + D(days=41))
    Intervention.objects.create(
        relationship=pair.relationship,
        action="nudge",
        owner=pair.manager,
        follow_up_on=frozen.at.date() + D(days=3),
    )
    assert _sent("at_risk_escalation", frozen.at + D(days=10)).due["at_risk_escalation"] == 0
    _sent("intervention_follow_up", frozen.at + D(days=3))
    assert _titles(pair.manager, "intervention_follow_up") == [
        f"Follow up: nudge the pair in {pair.program.name}"
    ]


def test_finding_what_is_due_takes_the_same_number_of_queries_for_2_or_8_relationships(db, frozen):
    first = make_pair()
    NudgeSetting.objects.create(program=first.program, rule="inactivity_closure", enabled=True)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            evaluate(now=frozen.at + D(days=30), dry_run=True)
        return len(queries)

    small = count()
    for _ in range(6):
        make_pair(program=first.program)
    assert count() == small


def test_the_log_holds_one_row_per_rule_subject_and_occurrence(pair, frozen):
    _sent("no_meeting", frozen.at + D(days=30))
    _sent("no_meeting", frozen.at + D(days=31))
    [row] = NudgeLog.objects.filter(rule="no_meeting")
    assert (row.subject_id, row.occurrence, row.recipients) == (
        pair.relationship.pk,
        "since:2025-03-03",
        2,
    )
