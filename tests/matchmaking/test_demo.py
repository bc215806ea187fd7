"""The matchmaking demo step: mentee choice in the flash-mentoring program, seen by the logins."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tandem.accounts.models import User
from tandem.core import clock
from tandem.matchmaking.models import MatchRequest
from tandem.people.models import Person
from tandem.programs.models import Participant, Program
from tandem.relationships.models import Relationship

pytestmark = pytest.mark.django_db
MENTOR, MENTEE = "mentor@demo.tandem.test", "mentee@demo.tandem.test"


@pytest.fixture
def flash(db) -> Program:
    call_command("demo", size=60, seed=7, stdout=io.StringIO())
    return Program.objects.get(template_key="flash_mentoring")


def _person(email: str) -> Person:
    return Person.objects.select_related("user").get(email=email)


def test_the_demo_mentee_sees_ranked_mentors_with_reasons_and_can_send_a_request(flash, client):
    client.force_login(_person(MENTEE).user)
    response = client.get(reverse("matchmaking:choose", args=[flash.pk]))
    assert response.status_code == 200
    recommendations = response.context["recommendations"]
    assert len(recommendations) >= 3
    scores = [r.score for r in recommendations]
    assert scores == sorted(scores, reverse=True)
    assert all(r.reasons and r.free > 0 for r in recommendations)
    assert any(r.bookmarked for r in recommendations)
    assert response.context["pending"] is None
    assert [r.status for r in response.context["requests"]] == ["declined"]
    assert b"Send request" in response.content


def test_the_demo_mentor_has_requests_from_other_mentees_waiting_in_the_inbox(flash, client):
    client.force_login(_person(MENTOR).user)
    response = client.get(reverse("matchmaking:inbox"))
    pending = response.context["pending"]
    assert len(pending) == 2
    assert {r.program_id for r in pending} == {flash.pk}
    assert MENTEE not in {r.mentee.person.email for r in pending}
    assert all(r.reasons and clock.now() < r.expires_at for r in pending)
    assert [r.status for r in response.context["answered"]] == ["declined"]
    hub = client.get(reverse("matchmaking:home")).content.decode()
    assert "2 mentees asked you to be their mentor" in hub
    assert "Nothing to match here" not in hub


def test_other_mentees_requests_were_accepted_declined_withdrawn_or_left_waiting(flash, client):
    requests = MatchRequest.objects.filter(program=flash)
    assert set(requests.values_list("status", flat=True)) == {
        "accepted",
        "declined",
        "withdrawn",
        "pending",
    }
    for accepted in requests.filter(status="accepted"):
        relationship = Relationship.objects.get(pk=accepted.relationship_id)
        assert relationship.status == "pending"
        assert accepted.mentee.status == "matched"
    assert all(
        r.created_at < r.answered_at < clock.now() for r in requests.exclude(status="pending")
    )
    client.force_login(_person("manager@demo.tandem.test").user)
    response = client.get(
        reverse("matchmaking:program_requests", args=[flash.pk]), {"status": "all"}
    )
    assert len(response.context["rows"]) == requests.count()


def test_the_choice_program_leaves_the_demo_pair_and_the_demo_employee_as_they_were(flash):
    assert not Participant.objects.filter(person__email="employee@demo.tandem.test").exists()
    pair = Relationship.objects.filter(members__participant__person__email=MENTEE).get(
        members__participant__person__email=MENTOR
    )
    assert pair.status == "active"
    assert pair.program.template_key == "executive_hipo"
    assert not MatchRequest.objects.filter(
        mentee__person__email=MENTEE, mentor__person__email=MENTOR
    ).exists()


def _story(program: Program) -> list[tuple[str, str, str, str]]:
    rows = MatchRequest.objects.filter(program=program).order_by("created_at")
    return list(
        rows.values_list("mentee__person__email", "mentor__person__email", "status", "message")
    )


def test_the_same_seed_tells_the_same_story_of_requests(flash):
    first = _story(flash)
    Person.objects.all().delete()
    User.objects.all().delete()
    call_command("demo", size=60, seed=7, stdout=io.StringIO())
    again = Program.objects.filter(template_key="flash_mentoring").latest("id")
    assert again.pk != flash.pk
    assert _story(again) == first


def test_the_demo_has_a_group_program_with_published_circles_the_manager_reviews(flash, client):
    program = Program.objects.get(name="Leadership circles")
    assert program.type == "group"
    circles = Relationship.objects.filter(program=program, kind="circle")
    assert circles.count() >= 2
    for circle in circles:
        roles = [m.role for m in circle.members.all()]
        assert roles.count("mentor") == 1 and roles.count("mentee") >= 2
    client.force_login(_person("manager@demo.tandem.test").user)
    page = client.get(reverse("relationships:program", args=[program.pk])).content.decode()
    assert page.count('<tr id="relationship-') == circles.count()
    member = circles.first().members.select_related("participant__person__user").first()
    person = member.participant.person
    if person.user is not None:
        client.force_login(person.user)
        assert (
            client.get(reverse("relationships:detail", args=[circles.first().pk])).status_code
            == 200
        )
