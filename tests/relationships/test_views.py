"""The relationship pages: home, goals, meetings, closure, certificate, manager view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.relationships import goals, meetings, services
from tandem.relationships.models import Goal, Meeting, Milestone
from tandem.surveys.models import Response, Survey
from tests.relationships.conftest import NOW, make_pair, reload

pytestmark = pytest.mark.django_db


def _browser(person):
    client = Client()
    client.force_login(person.user)
    return client


def test_the_home_page_shows_the_other_person_their_local_time_and_why_you_matched(pair):
    page = _browser(pair.mentee).get(f"/relationships/{pair.relationship.pk}/").content.decode()
    assert "Marta Mentor" in page
    assert "America/New_York" in page
    assert "07:00" in page  # 12:00 UTC is 07:00 in New York on 3 March (EST)
    assert "public speaking" in page  # the match reason
    assert "Getting to know each other" in page  # week 1 of the curriculum
    assert "Set a SMART goal" in page  # what to do next


def test_a_pending_relationship_asks_to_accept_the_agreement_first(pending_pair):
    browser = _browser(pending_pair.mentee)
    page = browser.get(f"/relationships/{pending_pair.relationship.pk}/").content.decode()
    assert "Accept the mentoring agreement" in page
    response = browser.post(
        f"/relationships/{pending_pair.relationship.pk}/agreement/", {"notes": "Mornings suit me"}
    )
    assert response.status_code == 302
    member = reload(pending_pair.relationship).members.get(role="mentee")
    assert member.agreement_notes == "Mornings suit me"


def test_the_goal_form_says_what_is_missing(pair):
    response = _browser(pair.mentee).post(
        f"/relationships/{pair.relationship.pk}/goals/new/",
        {
            "title": "Get better at presenting",
            "metric": "",
            "plan": "Practise",
            "relevance": "My role",
            "due_on": "2025-01-10",
            "status": "active",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Measurable: say how you will know it is done" in page
    assert "the due date 2025-01-10 is in the past" in page
    assert not Goal.objects.exists()


def test_a_mentee_adds_a_goal_and_milestone_then_completes_it_on_the_pages(pair):
    browser = _browser(pair.mentee)
    response = browser.post(
        f"/relationships/{pair.relationship.pk}/goals/new/",
        {
            "title": "Present at the all-hands",
            "metric": "A 10-minute talk",
            "plan": "Draft, rehearse, deliver",
            "relevance": "Leading needs it",
            "due_on": "2025-06-30",
            "status": "active",
        },
    )
    goal = Goal.objects.get()
    assert response.url == f"/relationships/goals/{goal.pk}/"
    browser.post(
        f"/relationships/goals/{goal.pk}/milestones/", {"title": "Outline", "due_on": "2025-04-01"}
    )
    milestone = Milestone.objects.get()
    browser.post(f"/relationships/milestones/{milestone.pk}/toggle/", {"completed": "1"})
    goal.refresh_from_db()
    assert goal.progress == 100
    home = browser.get(f"/relationships/{pair.relationship.pk}/").content.decode()
    assert "Milestone reached: Outline" in home
    feed = _browser(pair.mentor).get(f"/relationships/program/{pair.program.pk}/recognition/")
    assert "Milestone reached: Outline" in feed.content.decode()
    front = browser.get("/").content.decode()
    assert "Milestone reached: Outline" in front  # the home page's celebrations


def test_the_meeting_form_defaults_to_the_schedulers_zone_and_a_curriculum_agenda(pair):
    browser = _browser(pair.mentee)
    form = browser.get(f"/relationships/{pair.relationship.pk}/meetings/new/").content.decode()
    assert '<option value="Asia/Tokyo" selected>' in form
    assert "Getting to know each other" in form
    response = browser.post(
        f"/relationships/{pair.relationship.pk}/meetings/new/",
        {
            "date": "2025-03-10",
            "time": "09:00",
            "time_zone": "Asia/Tokyo",
            "duration_minutes": 45,
            "format": "video",
            "location": "https://meet.example/x",
            "agenda": "Intro",
            "repeat_every_days": "14",
        },
    )
    assert response.status_code == 302
    first = Meeting.objects.order_by("starts_at").first()
    assert first.starts_at == dt.datetime(2025, 3, 10, 0, 0, tzinfo=dt.UTC)
    assert Meeting.objects.count() == 21  # every two weeks until 19 December
    page = browser.get(f"/relationships/meetings/{first.pk}/").content.decode()
    assert "10 Mar 2025, 09:00 JST" in page
    assert "9 Mar 2025, 20:00 EDT" in page


def test_a_meeting_is_marked_held_and_the_pulse_is_given_on_its_page(pair, frozen):
    [meeting] = meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        starts_at=NOW + dt.timedelta(hours=1),
    )
    frozen.advance(hours=2)
    browser = _browser(pair.mentor)
    browser.post(f"/relationships/meetings/{meeting.pk}/status/", {"status": "held"})
    browser.post(
        f"/relationships/meetings/{meeting.pk}/pulse/",
        {"rating": "4", "good_fit": "yes", "comment": ""},
    )
    page = browser.get(f"/relationships/meetings/{meeting.pk}/").content.decode()
    assert "You rated this meeting <strong>4/5</strong>" in page


def test_ending_early_on_the_page_needs_a_reason_then_offers_the_survey_and_certificate(pair):
    browser = _browser(pair.mentee)
    path = f"/relationships/{pair.relationship.pk}/status/"
    refused = browser.post(path, {"status": "ended", "reason": ""})
    assert "Say why the relationship ends early." in refused.content.decode()
    browser.post(path, {"status": "ended", "reason": "I moved to another team"})
    assert reload(pair.relationship).status == "ended"
    closure_page = f"/relationships/{pair.relationship.pk}/closure/"
    assert "What did you achieve together?" in browser.get(closure_page).content.decode()
    questions = list(Survey.objects.get(template_key="closure").questions.all())
    browser.post(
        closure_page,
        {
            f"question_{questions[0].pk}": "Two talks",
            f"question_{questions[1].pk}": "4",
            f"question_{questions[2].pk}": "Yes",
        },
    )
    assert Response.objects.get().person == pair.mentee
    certificate = browser.get(f"/relationships/{pair.relationship.pk}/certificate/")
    page = certificate.content.decode()
    assert certificate.status_code == 200
    assert "Certificate of participation" in page
    assert "Kenji Mentee" in page
    assert "relationships/certificate.css" in page


def test_the_certificate_waits_for_the_relationship_to_close(pair):
    response = _browser(pair.mentee).get(f"/relationships/{pair.relationship.pk}/certificate/")
    assert response.status_code == 403


def test_pages_of_a_relationship_are_404_for_non_members(pair):
    other = make_pair()
    browser = _browser(other.mentee)
    r = pair.relationship.pk
    for path in [
        f"/relationships/{r}/",
        f"/relationships/{r}/notes/",
        f"/relationships/{r}/agreement/",
        f"/relationships/{r}/meetings/new/",
        f"/relationships/{r}/goals/new/",
        f"/relationships/{r}/certificate/",
    ]:
        assert browser.get(path).status_code == 404, path
    assert browser.get(f"/relationships/program/{pair.program.pk}/").status_code == 403


def test_a_manager_opening_a_relationship_lands_on_the_program_view(pair):
    browser = _browser(pair.manager)
    response = browser.get(f"/relationships/{pair.relationship.pk}/")
    assert (
        response.url
        == f"/relationships/program/{pair.program.pk}/#relationship-{pair.relationship.pk}"
    )
    assert browser.get(f"/relationships/{pair.relationship.pk}/notes/").status_code == 403


def test_a_manager_creates_a_relationship_on_the_page(pair):
    from tests.relationships.factories import ParticipantFactory

    mentor = ParticipantFactory(program=pair.program, role="mentor", capacity=1)
    mentee = ParticipantFactory(program=pair.program, role="mentee")
    browser = _browser(pair.manager)
    response = browser.post(
        f"/relationships/program/{pair.program.pk}/new/", {"mentor": mentor.pk, "mentee": mentee.pk}
    )
    assert response.status_code == 302
    assert pair.program.relationships.count() == 2


def _grow(pair, n):
    from tests.relationships.factories import ParticipantFactory

    for i in range(n):
        mentor = ParticipantFactory(program=pair.program, role="mentor", capacity=1)
        mentee = ParticipantFactory(program=pair.program, role="mentee")
        relationship = services.create_relationship(
            program=pair.program,
            mentor=mentor,
            mentees=[mentee],
            kind="pair",
            actor=pair.manager.user,
            notify=False,
        )
        for person in (mentor.person, mentee.person):
            services.accept_agreement(relationship=reload(relationship), actor=person.user)
        relationship = reload(relationship)
        [m] = meetings.schedule_meeting(
            relationship=relationship,
            actor=mentee.person.user,
            starts_at=NOW - dt.timedelta(days=i + 1),
            allow_past=True,
            notify=False,
        )
        m.relationship = relationship
        meetings.update_meeting(meeting=m, actor=mentee.person.user, data={"status": "held"})
        meetings.submit_pulse(meeting=m, actor=mentee.person.user, rating=4)
        goals.create_goal(
            relationship=relationship,
            actor=mentee.person.user,
            title=f"Goal number {i}",
            metric="m",
            plan="p",
            relevance="r",
            due_on=dt.date(2025, 6, 1),
        )


def test_the_manager_view_runs_a_constant_number_of_queries(pair):
    browser = _browser(pair.manager)
    path = f"/relationships/program/{pair.program.pk}/"
    _grow(pair, 2)
    browser.get(path)
    with CaptureQueriesContext(connection) as small:
        assert browser.get(path).status_code == 200
    _grow(pair, 6)
    with CaptureQueriesContext(connection) as large:
        page = browser.get(path)
    assert page.content.decode().count('<tr id="relationship-') == 9
    assert len(large) == len(small)


def test_the_api_program_list_runs_a_constant_number_of_queries(pair):
    client = pair.client("manager")
    path = f"/api/v1/relationships?program_id={pair.program.pk}"
    _grow(pair, 2)
    client.get(path)
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    _grow(pair, 5)
    with CaptureQueriesContext(connection) as large:
        body = client.get(path).json()
    assert body["count"] == 8
    assert body["items"][0]["average_pulse"] in {4.0, None}
    assert len(large) == len(small)
