"""Who may export whom, and what each export holds, section by section (issue 15.1).

A person's own export holds everything about them, their own words included. An org admin's
export of someone else holds only what the admin may already see in Tandem — the directory
entry, profile, program participations and that relationships exist — never what the person
wrote, their notifications or their self-declared demographics. Nobody else may export
anyone but themself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.people.models import PersonDemographics
from tandem.relationships import goals, meetings, notes
from tandem.relationships.models import RelationshipMember
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory, ProfileFactory
from tests.relationships.conftest import NOW

pytestmark = pytest.mark.django_db

SECRETS = {
    "private note": "PRIVATE-a1: I worry my mentor thinks I am slow",
    "shared note": "SHARED-b2: we agreed to rehearse the talk",
    "goal comment": "COMMENT-c3: the rehearsal went badly",
    "pulse comment": "PULSE-d4: not sure this works",
    "agreement notes": "AGREEMENT-e5: I want to talk about my manager",
    "notification": "NOTIFIED-f6: your mentor wrote to you",
    "demographics": "GENDER-g7",
}
VISIBLE_TO_ADMIN = {"profile": "BIO-h8: ten years in finance", "answers": "ANSWER-i9: leading"}
OWN_ONLY_SECTIONS = {
    "demographics",
    "written_in_relationships",
    "notifications",
    "notification_preferences",
}


@pytest.fixture
def subject(pair, frozen):
    """The mentee, with a row in every section of the export."""
    mentee = pair.mentee
    user = mentee.user
    [held] = meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=user,
        starts_at=NOW - dt.timedelta(days=1),
        allow_past=True,
    )
    held.relationship = pair.relationship
    meetings.update_meeting(meeting=held, actor=user, data={"status": "held"})
    meetings.submit_pulse(meeting=held, actor=user, rating=3, comment=SECRETS["pulse comment"])
    notes.add_note(relationship=pair.relationship, actor=user, body=SECRETS["shared note"])
    notes.add_note(
        relationship=pair.relationship,
        actor=user,
        body=SECRETS["private note"],
        visibility="private",
    )
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=user,
        title="Give the quarterly talk",
        metric="Talk given",
        plan="Draft and rehearse",
        relevance="My next role presents",
        due_on=dt.date(2025, 8, 29),
    )
    goals.add_goal_comment(goal=goal, actor=user, body=SECRETS["goal comment"])
    RelationshipMember.objects.filter(participant=pair.mentee_participant).update(
        agreement_notes=SECRETS["agreement notes"]
    )
    Notification.objects.create(recipient=mentee, kind="note.shared", title=SECRETS["notification"])
    PersonDemographics.objects.create(person=mentee, gender=SECRETS["demographics"])
    ProfileFactory(person=mentee, bio=VISIBLE_TO_ADMIN["profile"])
    pair.mentee_participant.answers = {"style": VISIBLE_TO_ADMIN["answers"]}
    pair.mentee_participant.save()
    return mentee


def _path(subject):
    return f"/api/v1/people/{subject.pk}/export"


def _page(subject):
    return f"/accounts/people/{subject.pk}/export.json"


def _browser(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_persons_own_export_holds_every_section_and_everything_they_wrote(pair, subject):
    body = pair.client("mentee").get("/api/v1/me/export").json()
    assert body["scope"] == "own"
    assert body.keys() >= OWN_ONLY_SECTIONS
    text = str(body)
    for what, secret in {**SECRETS, **VISIBLE_TO_ADMIN}.items():
        assert secret in text, what
    assert body["relationships"][0]["agreement_notes"] == SECRETS["agreement notes"]


def test_an_admins_export_of_someone_holds_only_what_the_admin_can_already_see(pair, subject):
    admin = EmployeeFactory(user__is_org_admin=True).user
    for how, response in (
        ("api", ApiClient(admin).get(_path(subject))),
        ("page", _browser(admin).get(_page(subject))),
    ):
        assert response.status_code == 200, how
        body = response.json()
        assert body["scope"] == "admin"
        assert not set(body["withheld"]["sections"]) & body.keys(), how
        assert set(body["withheld"]["sections"]) >= OWN_ONLY_SECTIONS, how
        text = str(body)
        for what, secret in SECRETS.items():
            assert secret not in text, (how, what)
        for what, visible in VISIBLE_TO_ADMIN.items():
            assert visible in text, (how, what)
        assert body["person"]["email"] == subject.email
        assert body["relationships"][0]["status"] == pair.relationship.status
        assert "agreement_notes" not in body["relationships"][0]
    assert AuditLog.objects.filter(action="person.export", target_id=str(subject.pk)).count() == 2


@pytest.mark.parametrize(
    "who", ["the other member", "the program manager", "a leader", "an employee"]
)
def test_nobody_but_the_person_and_an_org_admin_may_export_them(pair, subject, who):
    user = {
        "the other member": pair.mentor.user,
        "the program manager": pair.manager.user,
        "a leader": EmployeeFactory(user__is_leader=True).user,
        "an employee": EmployeeFactory().user,
    }[who]
    assert ApiClient(user).get(_path(subject)).status_code == 403
    assert _browser(user).get(_page(subject)).status_code == 403


def test_an_anonymous_caller_cannot_export_anyone(subject):
    assert ApiClient().get(_path(subject)).status_code == 401
    assert Client().get(_page(subject)).status_code == 302


def test_the_person_exporting_themself_by_id_gets_their_own_full_export(pair, subject):
    body = pair.client("mentee").get(_path(subject)).json()
    assert body["scope"] == "own"
    assert SECRETS["private note"] in str(body)
