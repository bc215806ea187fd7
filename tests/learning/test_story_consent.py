"""Withdrawing consent to a success story, and who may consent or withdraw (the API matrix)."""

from __future__ import annotations

import pytest

from tandem.core.errors import NotAllowed
from tandem.learning import stories
from tests.conftest import ApiClient
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(frozen):  # noqa: F811
    return make_pair()


def _story(pair):
    return stories.write_story(
        actor=pair.manager.user,
        relationship_id=pair.relationship.pk,
        title="From analyst to lead",
        body="Kenji led his first **board** update.",
    )


def _publish(pair):
    story = _story(pair)
    for person in (pair.mentor, pair.mentee):
        story = stories.consent_to_story(actor=person.user, story=story)
    return story


def test_withdrawing_consent_after_publication_unpublishes_the_story(pair):
    story = _publish(pair)
    assert story.published_at is not None
    story = stories.withdraw_consent(actor=pair.mentee.user, story=story)
    assert story.published_at is None
    assert list(story.consented_by.all()) == [pair.mentor]


def test_consenting_again_after_a_withdrawal_publishes_the_story_again(pair):
    story = stories.withdraw_consent(actor=pair.mentor.user, story=_publish(pair))
    story = stories.consent_to_story(actor=pair.mentor.user, story=story)
    assert story.published_at is not None


def test_someone_outside_the_relationship_cannot_withdraw(pair):
    story = _publish(pair)
    with pytest.raises(NotAllowed, match="Only the members"):
        stories.withdraw_consent(actor=pair.manager.user, story=story)


def test_writing_a_story_asks_each_member_with_a_link_to_their_relationship(pair):
    from tandem.engagement.models import Notification

    story = _story(pair)
    sent = Notification.objects.filter(title__contains=story.title)
    assert sorted(n.recipient_id for n in sent) == sorted([pair.mentor.pk, pair.mentee.pk])
    assert all(n.url.endswith(f"/{pair.relationship.pk}/#stories") for n in sent)


def test_a_story_from_one_programs_form_refuses_a_relationship_of_another(pair):
    from tandem.core.errors import DomainError

    other = make_pair()
    with pytest.raises(DomainError, match="not one of this program's") as caught:
        stories.write_story(
            actor=pair.manager.user,
            relationship_id=other.relationship.pk,
            title="T",
            body="B",
            program_id=pair.program.pk,
        )
    assert caught.value.field == "relationship_id"


def test_a_member_withdraws_consent_through_the_api(pair):
    story = _publish(pair)
    response = ApiClient(pair.mentor.user).delete(f"/api/v1/stories/{story.pk}/consent")
    assert response.status_code == 200
    assert response.json()["published"] is False
    assert response.json()["consented_by"] == [pair.mentee.pk]


def test_an_employee_outside_the_relationship_cannot_withdraw_through_the_api(pair, api_employee):
    story = _publish(pair)
    assert api_employee.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 403
    assert stories.access_story_by_id(actor=pair.mentor.user, story_id=story.pk).published_at


def test_an_employee_cannot_withdraw_from_a_draft_they_cannot_see(pair, api_employee):
    story = _story(pair)
    assert api_employee.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 404


def test_the_mentor_of_another_relationship_cannot_withdraw_or_consent(pair):
    other = make_pair(program=pair.program)
    story = _story(pair)
    client = ApiClient(other.mentor.user)
    assert client.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 404
    assert client.post(f"/api/v1/stories/{story.pk}/consent").status_code == 404


def test_a_manager_of_another_program_cannot_withdraw_or_consent(pair):
    other = make_pair()
    story = _story(pair)
    client = ApiClient(other.manager.user)
    assert client.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 404
    assert client.post(f"/api/v1/stories/{story.pk}/consent").status_code == 404


def test_the_programs_own_manager_and_an_org_admin_cannot_withdraw_for_the_members(pair, api_admin):
    story = _publish(pair)
    manager = ApiClient(pair.manager.user)
    assert manager.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 403
    assert api_admin.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 403


def test_anonymous_callers_cannot_withdraw(pair, api_anonymous):
    story = _publish(pair)
    assert api_anonymous.delete(f"/api/v1/stories/{story.pk}/consent").status_code == 401
