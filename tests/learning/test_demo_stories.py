"""The demo's success stories: the demo program page shows a published one, and today's
enrolling cycle was announced quoting a story of its completed earlier cycle."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.learning.demo_stories import TITLE
from tandem.learning.models import SuccessStory
from tandem.people.models import Person
from tandem.programs.models import ProgramAnnouncement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", size=60, seed=7, stdout=io.StringIO())


def _client(role):
    client = Client()
    client.force_login(Person.objects.get(email=f"{role}@demo.tandem.test").user)
    return client


def test_the_demo_program_page_shows_a_published_story(demo):
    story = SuccessStory.objects.filter(published_at__isnull=False).order_by("pk").first()
    page = _client("mentee").get(reverse("programs:detail", args=[story.relationship.program_id]))
    assert f'id="story-{story.pk}"' in page.content.decode()


def test_the_enrolling_cycle_was_announced_quoting_the_completed_cycles_story(demo):
    announcement = ProgramAnnouncement.objects.get(story__title=TITLE)
    program = announcement.program
    assert program.status == "enrolling"
    assert announcement.story.relationship.program == program.previous_cycle
    assert announcement.story.published_at is not None
    assert f"“{TITLE}”" in announcement.body
    assert f"#story-{announcement.story.pk}" in announcement.body
    assert announcement.recipient_count > 0


def test_the_announce_page_of_the_enrolling_cycle_offers_that_story(demo):
    announcement = ProgramAnnouncement.objects.get(story__title=TITLE)
    page = _client("manager").get(reverse("programs:announce", args=[announcement.program_id]))
    assert f'<option value="{announcement.story_id}">{TITLE}</option>' in page.content.decode()
