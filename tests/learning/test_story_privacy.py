"""A person's data export holds their celebration-name consent and the success stories about
their relationships with their consent to each; erasing them removes those stories."""

from __future__ import annotations

import pytest

from tandem.learning import stories
from tandem.learning.models import SuccessStory
from tandem.programs import services
from tandem.programs.models import ProgramAnnouncement
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.programs.factories import ProgramFactory
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(frozen):  # noqa: F811
    return make_pair()


def _story(pair, title="From analyst to lead", *, consent=("mentor", "mentee")):
    story = stories.write_story(
        actor=pair.manager.user,
        relationship_id=pair.relationship.pk,
        title=title,
        body="Kenji led his first board update.",
    )
    for role in consent:
        story = stories.consent_to_story(actor=getattr(pair, role).user, story=story)
    return story


def _export(pair, role):
    response = pair.client(role).get("/api/v1/me/export")
    assert response.status_code == 200
    return response.json()


def test_the_export_holds_each_story_about_my_relationship_and_whether_i_agreed(pair):
    _story(pair, consent=("mentor",))
    mine = _export(pair, "mentee")["success_stories"]["about_my_relationships"]
    assert [(s["title"], s["i_agreed_to_publish"]) for s in mine] == [
        ("From analyst to lead", False)
    ]
    theirs = _export(pair, "mentor")["success_stories"]["about_my_relationships"]
    assert theirs[0]["i_agreed_to_publish"] is True
    assert theirs[0]["published_at"] is None


def test_the_export_holds_the_stories_a_manager_wrote(pair):
    story = _story(pair)
    body = ApiClient(pair.manager.user).get("/api/v1/me/export").json()
    assert [s["id"] for s in body["success_stories"]["written_by_me"]] == [story.pk]
    assert body["success_stories"]["about_my_relationships"] == []


def test_the_export_holds_my_consent_to_be_named_in_celebrations(pair):
    url = f"/api/v1/relationships/{pair.relationship.pk}/celebration-names"
    assert _export(pair, "mentee")["relationships"][0]["named_in_celebrations_at"] is None
    assert pair.client("mentee").put(url, {"named": True}).status_code == 200
    assert _export(pair, "mentee")["relationships"][0]["named_in_celebrations_at"]


def test_an_admins_export_of_a_member_holds_the_stories_about_them(pair):
    _story(pair)
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    body = admin.get(f"/api/v1/people/{pair.mentee.pk}/export").json()
    assert body["success_stories"]["about_my_relationships"][0]["title"] == "From analyst to lead"


def test_erasing_a_member_deletes_the_stories_about_them_and_their_quotes(pair):
    story = _story(pair)
    other = make_pair()
    kept = _story(other, "Another story")
    EmployeeFactory()  # someone to announce to
    cycle = ProgramFactory(previous_cycle=pair.program, cycle_number=2, managers=[pair.manager])
    services.announce_program(
        actor=pair.manager.user, program=cycle, message="Join us", story_id=story.pk
    )
    url = f"/api/v1/relationships/{pair.relationship.pk}/celebration-names"
    assert pair.client("mentee").put(url, {"named": True}).status_code == 200
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    response = admin.post(f"/api/v1/people/{pair.mentee.pk}/erase", {"confirmation": "ERASE"})
    assert response.status_code == 200, response.json()
    assert list(SuccessStory.objects.all()) == [kept]
    announcement = ProgramAnnouncement.objects.get()
    assert announcement.story is None
    assert "From analyst to lead" not in announcement.body
    assert "Kenji" not in announcement.body
    assert "Join us" in announcement.body
    member = pair.relationship.members.get(participant__person=pair.mentee)
    assert member.named_in_celebrations_at is None
