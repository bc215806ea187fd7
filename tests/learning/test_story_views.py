"""Success stories on the web: the manager's form, the members' consent on their home, the
stories on the program's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.learning import stories
from tandem.learning.models import SuccessStory
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(frozen):  # noqa: F811
    return make_pair()


def _client(person):
    client = Client()
    client.force_login(person.user)
    return client


def _new_url(pair):
    return reverse("learning:story_new", args=[pair.program.pk])


def _story(pair, body="Kenji led his first **board** update."):
    return stories.write_story(
        actor=pair.manager.user,
        relationship_id=pair.relationship.pk,
        title="From analyst to lead",
        body=body,
    )


def test_the_programs_manager_writes_a_story_from_the_program_page(pair):
    client = _client(pair.manager)
    page = client.get(reverse("programs:detail", args=[pair.program.pk])).content.decode()
    assert _new_url(pair) in page
    form = client.get(_new_url(pair), {"relationship": pair.relationship.pk}).content.decode()
    assert "Kenji Mentee &amp; Marta Mentor" in form
    response = client.post(
        _new_url(pair),
        {"relationship": pair.relationship.pk, "title": "From analyst to lead", "body": "Text"},
    )
    assert response.status_code == 302
    story = SuccessStory.objects.get()
    assert (story.relationship, story.published_at) == (pair.relationship, None)
    page = client.get(reverse("programs:detail", args=[pair.program.pk])).content.decode()
    assert "Waiting for consent" in page
    assert "0 of 2 members agreed" in page


def test_the_story_form_shows_what_is_missing(pair):
    response = _client(pair.manager).post(
        _new_url(pair), {"relationship": pair.relationship.pk, "title": "", "body": ""}
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2
    assert not SuccessStory.objects.exists()


def test_the_story_form_refuses_a_relationship_of_another_program(pair):
    other = make_pair()
    response = _client(pair.manager).post(
        _new_url(pair), {"relationship": other.relationship.pk, "title": "T", "body": "B"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SuccessStory.objects.exists()


def test_members_employees_and_other_managers_may_not_open_the_story_form(pair, employee_person):
    other = make_pair()
    for person in (pair.mentor, pair.mentee, employee_person, other.manager):
        assert _client(person).get(_new_url(pair)).status_code == 403


def test_an_org_admin_may_write_a_story(pair, admin_person):
    assert _client(admin_person).get(_new_url(pair)).status_code == 200


def test_each_member_agrees_on_their_relationship_home_and_the_story_is_published(pair):
    story = _story(pair)
    home = reverse("relationships:detail", args=[pair.relationship.pk])
    mentee = _client(pair.mentee)
    page = mentee.get(home).content.decode()
    assert "From analyst to lead" in page
    assert "<strong>board</strong>" in page
    assert "I agree to publish" in page
    response = mentee.post(reverse("learning:story_consent", args=[story.pk]))
    assert response.url == home + "#stories"
    assert "Withdraw my consent" in mentee.get(home).content.decode()
    program_page = reverse("programs:detail", args=[pair.program.pk])
    assert "From analyst to lead" not in _client(pair.mentor).get(program_page).content.decode()
    _client(pair.mentor).post(reverse("learning:story_consent", args=[story.pk]))
    outsider = make_pair().mentee
    assert "From analyst to lead" in _client(outsider).get(program_page).content.decode()


def test_withdrawing_on_the_relationship_home_takes_the_story_off_the_program_page(pair):
    story = _story(pair)
    for person in (pair.mentor, pair.mentee):
        stories.consent_to_story(actor=person.user, story=story)
    _client(pair.mentee).post(reverse("learning:story_withdraw", args=[story.pk]))
    story.refresh_from_db()
    assert story.published_at is None
    page = _client(pair.mentor).get(reverse("programs:detail", args=[pair.program.pk]))
    assert "From analyst to lead" not in page.content.decode()


def test_someone_outside_the_relationship_cannot_consent_on_the_web(pair, employee_person):
    story = _story(pair)
    url = reverse("learning:story_consent", args=[story.pk])
    assert _client(employee_person).post(url).status_code == 404
    assert _client(pair.manager).post(url).status_code == 403
    assert not story.consented_by.exists()


def test_a_story_body_is_rendered_without_scripts(pair):
    story = _story(pair, body="Hello <script>alert(1)</script> **there**")
    for person in (pair.mentor, pair.mentee):
        stories.consent_to_story(actor=person.user, story=story)
    page = _client(pair.mentor).get(reverse("programs:detail", args=[pair.program.pk]))
    assert "<script>alert(1)" not in page.content.decode()
    assert "<strong>there</strong>" in page.content.decode()


def test_the_program_page_reads_its_stories_in_a_constant_number_of_queries(pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def publish(relationship_pair, title):
        story = stories.write_story(
            actor=pair.manager.user,
            relationship_id=relationship_pair.relationship.pk,
            title=title,
            body="Text",
        )
        for person in (relationship_pair.mentor, relationship_pair.mentee):
            stories.consent_to_story(actor=person.user, story=story)

    client = _client(pair.manager)
    url = reverse("programs:detail", args=[pair.program.pk])
    publish(pair, "First")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        publish(make_pair(program=pair.program), f"More {n}")
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert page.count('<article class="stack-small" id="story-') == 4
    assert len(four) == len(one)


def test_the_recognition_wall_renders_a_story_as_safe_markdown(pair):
    story = _story(pair, body="Hello <script>alert(1)</script> **there**")
    for person in (pair.mentor, pair.mentee):
        stories.consent_to_story(actor=person.user, story=story)
    page = _client(pair.mentor).get(reverse("learning:recognition"), {"program": pair.program.pk})
    assert "<strong>there</strong>" in page.content.decode()
    assert "<script>alert(1)" not in page.content.decode()
