"""A member's export holds what they wrote, private notes included; erasure deletes it."""

from __future__ import annotations

import pytest

from tandem.relationships.models import Note
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory


@pytest.fixture
def written(pair):  # type: ignore[no-untyped-def]
    rel = pair.relationship.pk
    mentee = pair.client("mentee")
    for body, visibility in (("Our shared plan", "shared"), ("My worries", "private")):
        response = mentee.post(
            f"/api/v1/relationships/{rel}/notes", {"body": body, "visibility": visibility}
        )
        assert response.status_code == 201, response.json()
    return pair


def test_the_export_holds_the_members_own_private_note(written):
    body = written.client("mentee").get("/api/v1/me/export").json()
    notes = {n["body"] for n in body["written_in_relationships"]["notes"]}
    assert notes == {"Our shared plan", "My worries"}
    assert body["relationships"][0]["role"] == "mentee"


def test_the_other_members_export_never_holds_the_private_note(written):
    body = written.client("mentor").get("/api/v1/me/export").json()
    assert body["written_in_relationships"]["notes"] == []


def test_erasing_a_member_deletes_every_note_they_wrote_but_keeps_the_relationship(written):
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    response = admin.post(f"/api/v1/people/{written.mentee.pk}/erase", {"confirmation": "ERASE"})
    assert response.status_code == 200, response.json()
    assert not Note.objects.filter(author=written.mentee).exists()
    assert written.relationship.__class__.objects.filter(pk=written.relationship.pk).exists()
