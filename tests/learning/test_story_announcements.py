"""A launch announcement quotes a published success story of its program (or of an earlier
cycle): title, first paragraph and a link, in-app and by email; anything else is a 400."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tandem.core.errors import DomainError
from tandem.engagement.models import Notification
from tandem.learning import stories
from tandem.learning.story_quotes import NOT_PUBLISHED, OTHER_PROGRAM_STORY, first_paragraph
from tandem.programs import services
from tandem.programs.models import ProgramAnnouncement
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.programs.factories import ProgramFactory
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db

BODY = "Kenji led his **first** board update.\n\nThen he mentored two new analysts."


@pytest.fixture
def pair(frozen):  # noqa: F811
    pair = make_pair()
    EmployeeFactory(full_name="Ines Interested")  # someone eligible to announce to
    return pair


@pytest.fixture
def cycle(pair):
    """The program's next cycle, open for enrolment: last cycle's story launches it."""
    return ProgramFactory(previous_cycle=pair.program, cycle_number=2, managers=[pair.manager])


def _story(pair, *, publish=True):
    story = stories.write_story(
        actor=pair.manager.user,
        relationship_id=pair.relationship.pk,
        title="From analyst to lead",
        body=BODY,
    )
    if publish:
        for person in (pair.mentor, pair.mentee):
            story = stories.consent_to_story(actor=person.user, story=story)
    return story


def _announce(pair, story_id, program):
    return services.announce_program(actor=pair.manager.user, program=program, story_id=story_id)


def test_the_announcement_quotes_the_title_first_paragraph_and_a_link_in_app_and_by_email(
    pair, cycle, django_capture_on_commit_callbacks
):
    story = _story(pair)
    with django_capture_on_commit_callbacks(execute=True):
        sent = _announce(pair, story.pk, cycle)
    assert sent.story == story
    link = f"/programs/{pair.program.pk}/#story-{story.pk}"
    for body in (Notification.objects.filter(kind="program.announcement").first().body, sent.body):
        assert "“From analyst to lead”" in body
        assert "Kenji led his first board update." in body
        assert "mentored two new analysts" not in body
        assert link in body
    assert "Kenji led his first board update." in mail.outbox[0].body
    assert link in mail.outbox[0].body


def test_a_draft_story_is_refused_naming_story_id(pair, cycle):
    story = _story(pair, publish=False)
    with pytest.raises(DomainError, match="not published") as caught:
        _announce(pair, story.pk, cycle)
    assert caught.value.field == "story_id"
    assert not ProgramAnnouncement.objects.exists()


def test_a_story_whose_consent_was_withdrawn_is_refused(pair, cycle):
    story = stories.withdraw_consent(actor=pair.mentee.user, story=_story(pair))
    with pytest.raises(DomainError, match="not published"):
        _announce(pair, story.pk, cycle)
    assert not Notification.objects.filter(kind="program.announcement").exists()


def test_a_story_of_another_program_is_refused(pair, cycle):
    other = make_pair()
    story = _story(other)
    with pytest.raises(DomainError, match="another program") as caught:
        _announce(pair, story.pk, cycle)
    assert caught.value.field == "story_id"


def test_a_story_of_the_program_itself_may_be_quoted_while_it_enrols(pair):
    story = _story(pair)
    pair.program.status = "enrolling"
    pair.program.save()
    assert _announce(pair, story.pk, pair.program).story == story


def test_an_unknown_story_is_refused(pair, cycle):
    with pytest.raises(DomainError, match="No success story has id 999"):
        _announce(pair, 999, cycle)


def test_the_first_paragraph_is_plain_text_without_markup_or_scripts():
    assert first_paragraph("<script>x()</script>**Bold** [link](https://a.test)\n\nNext") == (
        "Bold link"
    )


def test_the_api_accepts_story_id_and_returns_it(pair, cycle):
    story = _story(pair)
    response = ApiClient(pair.manager.user).post(
        f"/api/v1/programs/{cycle.pk}/announcements", {"story_id": story.pk}
    )
    assert response.status_code == 201
    assert response.json()["story_id"] == story.pk
    assert "From analyst to lead" in response.json()["body"]


@pytest.mark.parametrize("case", ["draft", "withdrawn", "other_program"])
def test_the_api_refuses_a_story_that_may_not_be_quoted_with_a_400_naming_story_id(
    pair, cycle, case
):
    if case == "other_program":
        story, message = _story(make_pair()), OTHER_PROGRAM_STORY
    else:
        story, message = _story(pair, publish=False), NOT_PUBLISHED
        if case == "withdrawn":
            stories.consent_to_story(actor=pair.mentor.user, story=story)
            stories.consent_to_story(actor=pair.mentee.user, story=story)
            stories.withdraw_consent(actor=pair.mentor.user, story=story)
    response = ApiClient(pair.manager.user).post(
        f"/api/v1/programs/{cycle.pk}/announcements", {"story_id": story.pk}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "story_id", "message": message}]


def test_only_the_programs_managers_and_org_admins_announce_with_a_story(
    pair, cycle, api_employee, api_admin
):
    story = _story(pair)
    url = f"/api/v1/programs/{cycle.pk}/announcements"
    other_manager = make_pair().manager
    for client in (
        api_employee,
        ApiClient(pair.mentor.user),
        ApiClient(pair.mentee.user),
        ApiClient(other_manager.user),
    ):
        assert client.post(url, {"story_id": story.pk}).status_code == 403
    assert not ProgramAnnouncement.objects.exists()
    assert api_admin.post(url, {"story_id": story.pk}).status_code == 201


def test_anonymous_callers_cannot_announce(pair, cycle, api_anonymous):
    url = f"/api/v1/programs/{cycle.pk}/announcements"
    assert api_anonymous.post(url, {"story_id": _story(pair).pk}).status_code == 401


def test_the_announce_page_offers_only_the_programs_published_stories(pair, cycle):
    published = _story(pair)
    draft = stories.write_story(
        actor=pair.manager.user, relationship_id=pair.relationship.pk, title="Draft", body="D"
    )
    _story(make_pair())
    client = Client()
    client.force_login(pair.manager.user)
    url = reverse("programs:announce", args=[cycle.pk])
    page = client.get(url).content.decode()
    assert "Quote a success story" in page
    assert f'<option value="{published.pk}">From analyst to lead</option>' in page
    assert f'value="{draft.pk}"' not in page
    assert client.post(url, {"story_id": str(draft.pk)}).status_code == 200
    assert not ProgramAnnouncement.objects.exists()
    response = client.post(url, {"story_id": str(published.pk), "message": "Join"})
    assert response.status_code == 302
    assert ProgramAnnouncement.objects.get().story == published


def test_the_announce_page_has_no_story_field_when_there_is_no_published_story(pair, cycle):
    client = Client()
    client.force_login(pair.manager.user)
    page = client.get(reverse("programs:announce", args=[cycle.pk])).content.decode()
    assert "Quote a success story" not in page
