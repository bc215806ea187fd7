"""A private note is absent from every API response and every page for everyone but its
author; managers and admins never see what was said (PRODUCT.md, privacy by design)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.relationships import meetings, notes
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import NOW

pytestmark = pytest.mark.django_db

PRIVATE = "PRIVATE-7f3a: I worry my mentor thinks I am slow"
SHARED = "SHARED-91bc: we agreed to rehearse the talk"
PULSE_COMMENT = "PULSE-55de: not sure this works"


@pytest.fixture
def secrets(pair, frozen):
    [held] = meetings.schedule_meeting(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        starts_at=NOW - dt.timedelta(days=1),
        allow_past=True,
        agenda="AGENDA-c0de: talk about my manager",
    )
    held.relationship = pair.relationship
    meetings.update_meeting(meeting=held, actor=pair.mentee.user, data={"status": "held"})
    meetings.submit_pulse(
        meeting=held, actor=pair.mentee.user, rating=3, good_fit=True, comment=PULSE_COMMENT
    )
    shared = notes.add_note(
        relationship=pair.relationship, actor=pair.mentor.user, body=SHARED, meeting=held
    )
    private = notes.add_note(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        body=PRIVATE,
        visibility="private",
        meeting=held,
    )
    return {"meeting": held, "shared": shared, "private": private}


def _api_paths(pair, secrets):
    r = f"/api/v1/relationships/{pair.relationship.pk}"
    m = secrets["meeting"].pk
    return [
        "/api/v1/relationships",
        f"/api/v1/relationships?program_id={pair.program.pk}",
        r,
        f"{r}/agreement",
        f"{r}/notes",
        f"{r}/notes?meeting_id={m}",
        f"{r}/notes?page_size=500",
        f"/api/v1/notes/{secrets['private'].pk}",
        f"/api/v1/notes/{secrets['shared'].pk}",
        f"{r}/meetings",
        f"/api/v1/meetings/{m}",
        f"/api/v1/meetings/{m}/invite.ics",
        f"/api/v1/meetings/{m}/pulse",
        f"{r}/goals",
        f"/api/v1/programs/{pair.program.pk}/celebrations",
        "/api/v1/notifications",
    ]


def _page_paths(pair, secrets):
    r = f"/relationships/{pair.relationship.pk}"
    return [
        "/",
        "/relationships/",
        f"{r}/",
        f"{r}/notes/",
        f"{r}/agreement/",
        f"/relationships/meetings/{secrets['meeting'].pk}/",
        f"/relationships/program/{pair.program.pk}/",
        f"/relationships/program/{pair.program.pk}/recognition/",
        f"{r}/status/",
    ]


def _readers(pair):
    admin = EmployeeFactory(user__is_org_admin=True)
    return {
        "the other member": pair.mentor,
        "the program manager": pair.manager,
        "an org admin": admin,
    }


def test_the_author_reads_their_private_note_in_the_api_and_on_the_pages(pair, secrets):
    client = pair.client("mentee")
    r = f"/api/v1/relationships/{pair.relationship.pk}"
    assert PRIVATE in client.get(f"{r}/notes").content.decode()
    assert PRIVATE in client.get(f"/api/v1/notes/{secrets['private'].pk}").content.decode()
    browser = Client()
    browser.force_login(pair.mentee.user)
    home = browser.get(f"/relationships/{pair.relationship.pk}/").content.decode()
    assert PRIVATE in home
    assert "Private · only you" in home
    assert PRIVATE in browser.get(f"/relationships/{pair.relationship.pk}/notes/").content.decode()


@pytest.mark.parametrize("reader", ["the other member", "the program manager", "an org admin"])
def test_a_private_note_is_absent_from_every_api_response_for_everyone_else(pair, secrets, reader):
    client = ApiClient(_readers(pair)[reader].user)
    for path in _api_paths(pair, secrets):
        response = client.get(path)
        assert response.status_code < 500, path
        assert PRIVATE.encode() not in response.content, (reader, path)
        assert PULSE_COMMENT.encode() not in response.content, (reader, path)
    assert client.get(f"/api/v1/notes/{secrets['private'].pk}").status_code == 404


@pytest.mark.parametrize("reader", ["the other member", "the program manager", "an org admin"])
def test_a_private_note_is_absent_from_every_page_for_everyone_else(pair, secrets, reader):
    browser = Client()
    browser.force_login(_readers(pair)[reader].user)
    for path in _page_paths(pair, secrets):
        response = browser.get(path, follow=True)
        assert response.status_code < 500, path
        assert PRIVATE.encode() not in response.content, (reader, path)
        assert PULSE_COMMENT.encode() not in response.content, (reader, path)


@pytest.mark.parametrize("reader", ["the program manager", "an org admin"])
def test_managers_and_admins_see_that_a_meeting_happened_not_what_was_said(pair, secrets, reader):
    person = _readers(pair)[reader]
    api = ApiClient(person.user)
    browser = Client()
    browser.force_login(person.user)
    overview = browser.get(f"/relationships/program/{pair.program.pk}/").content.decode()
    assert "Marta Mentor" in overview  # they see the relationship and its figures…
    for path in _api_paths(pair, secrets):
        body = api.get(path).content
        assert SHARED.encode() not in body, path  # …never the shared notes
        assert b"AGENDA-c0de" not in body, path
    for path in _page_paths(pair, secrets):
        body = browser.get(path, follow=True).content
        assert SHARED.encode() not in body, path
        assert b"AGENDA-c0de" not in body, path
    detail = api.get(f"/api/v1/relationships/{pair.relationship.pk}").json()
    assert detail["meetings_held"] == 1
    assert detail["average_pulse"] == 3.0


def test_the_other_member_reads_shared_notes_in_the_api_and_on_the_pages(pair, secrets):
    body = pair.client("mentee").get(f"/api/v1/relationships/{pair.relationship.pk}/notes")
    assert SHARED in body.content.decode()
    browser = Client()
    browser.force_login(pair.mentee.user)
    for path in _page_paths(pair, secrets)[2:6]:
        response = browser.get(path)
        assert response.status_code == 200, path
    assert SHARED in browser.get(f"/relationships/{pair.relationship.pk}/").content.decode()
    meeting_page = browser.get(f"/relationships/meetings/{secrets['meeting'].pk}/")
    assert SHARED in meeting_page.content.decode()


def test_only_the_author_may_delete_a_note(pair, secrets):
    other = pair.client("mentee").delete(f"/api/v1/notes/{secrets['shared'].pk}")
    assert other.status_code == 403
    mine = pair.client("mentor").delete(f"/api/v1/notes/{secrets['shared'].pk}")
    assert mine.status_code == 204
