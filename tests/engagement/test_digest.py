"""The daily and weekly digest: content in the person's zone, multipart, once per period."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engagement import digest
from tandem.engagement.models import Notification, NotificationPreference
from tandem.engagement.models.notifications import Delivery
from tandem.engagement.services import notify
from tandem.relationships import goals, meetings

pytestmark = pytest.mark.django_db

MONDAY_8_TOKYO = dt.datetime(2025, 3, 2, 23, 0, tzinfo=dt.UTC)  # Mon 3 Mar 08:00 JST


def _with_meeting_and_goal(pair):
    meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentor.user,
        starts_at=dt.datetime(2025, 3, 5, 15, 0, tzinfo=dt.UTC),
    )
    goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title="Present at the all-hands",
        metric="One talk",
        plan="Rehearse",
        relevance="Leading",
        due_on=dt.date(2025, 3, 8),
    )


def test_the_weekly_digest_goes_to_each_person_at_eight_on_monday_in_their_zone(pair):
    due = {p.pk for p, kind in digest.due_people(MONDAY_8_TOKYO) if kind == "weekly"}
    assert pair.mentee.pk in due  # Tokyo
    assert pair.mentor.pk not in due  # New York: 18:00 on Sunday


def test_a_digest_arrives_multipart_with_the_week_in_the_persons_time(
    pair, smtp, frozen, django_capture_on_commit_callbacks
):
    _with_meeting_and_goal(pair)
    NotificationPreference.objects.create(person=pair.mentee, digest="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[pair.mentee], kind="goal.comment", title="Marta commented on your goal")
    smtp.messages.clear()
    frozen.move_to(MONDAY_8_TOKYO + dt.timedelta(days=0, hours=0))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests(MONDAY_8_TOKYO, people=[(pair.mentee, "weekly")]) == 1
        assert digest.send_digests(MONDAY_8_TOKYO, people=[(pair.mentee, "weekly")]) == 0
    [message] = smtp.messages
    assert message["Subject"] == "Your Tandem week from Monday 3 March"
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Thu 6 Mar, 00:00 JST" in html and "Thu 6 Mar, 00:00 JST" in text  # 15:00 UTC on the 5th
    assert "Present at the all-hands" in html and "Marta commented on your goal" in html
    assert "Getting to know each other" in html  # the week's curriculum
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    held = Notification.objects.get(title="Marta commented on your goal")
    assert held.email_state == Delivery.DIGESTED


def test_an_empty_digest_is_not_sent_and_a_person_can_turn_digests_off(pair, frozen):
    from tests.factories import EmployeeFactory

    loner = EmployeeFactory()
    assert digest.send_digests(MONDAY_8_TOKYO, people=[(loner, "weekly")]) == 0
    _with_meeting_and_goal(pair)
    NotificationPreference.objects.create(
        person=pair.mentee, kinds={"digest": {"in_app": True, "email": False, "chat": False}}
    )
    assert digest.send_digests(MONDAY_8_TOKYO, people=[(pair.mentee, "weekly")]) == 0


def test_a_mentor_sees_requests_waiting_and_a_manager_sees_applications(db):
    from tandem.matchmaking import choice
    from tests.matchmaking.conftest import make_cohort

    c = make_cohort(mode="mentee_choice", mentors=1, mentees=1)
    choice.request_mentor(actor=c.mentees[0].person.user, program=c.program, mentor=c.mentors[0])
    preview = digest.preview(c.mentors[0].person)
    assert preview["requests"] == [c.mentees[0].person.full_name]
    from tests.programs.factories import ParticipantFactory

    ParticipantFactory(program=c.program, status="applied")
    assert digest.preview(c.manager)["applications"] == 1
