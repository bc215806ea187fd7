"""SCIM Users and the directory: deactivation, deletion, pagination, attribute selection."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tandem.engagement.models import Notification
from tandem.people.models import Person
from tandem.relationships.models import Relationship
from tests.people.scim.conftest import user_body
from tests.people.scim.vendor_requests import OKTA_DEACTIVATE
from tests.relationships.conftest import make_pair


def test_deactivation_ends_the_session_and_pauses_the_relationship(
    scim: Any, django_user_model: Any
) -> None:
    pair = make_pair()
    browser = Client()
    browser.force_login(pair.mentee.user)
    assert browser.get("/").status_code == 200
    user_id = scim.post("Users", user_body(pair.mentee.email)).json()["id"]
    assert user_id == str(pair.mentee.pk)  # the imported mentee is adopted

    response = scim.patch(f"Users/{user_id}", OKTA_DEACTIVATE)

    assert response.status_code == 200, response.content
    after = browser.get("/")
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]
    assert not django_user_model.objects.get(pk=pair.mentee.user.pk).is_active
    relationship = Relationship.objects.get(pk=pair.relationship.pk)
    assert relationship.status == "paused"
    told = Notification.objects.filter(kind="relationship.paused")
    assert set(told.values_list("recipient_id", flat=True)) == {pair.mentor.pk, pair.manager.pk}
    assert scim.get(f"Users/{user_id}").json()["active"] is False


def test_a_deactivated_person_cannot_sign_in_with_a_password(scim: Any) -> None:
    pair = make_pair()
    pair.mentee.user.set_password("correct horse battery")
    pair.mentee.user.save()
    user_id = scim.post("Users", user_body(pair.mentee.email)).json()["id"]
    scim.patch(f"Users/{user_id}", OKTA_DEACTIVATE)
    assert not Client().login(username=pair.mentee.email, password="correct horse battery")


def test_delete_removes_the_account_and_anonymises_the_person(scim: Any) -> None:
    pair = make_pair()
    user_id = scim.post("Users", user_body(pair.mentee.email)).json()["id"]
    assert scim.delete(f"Users/{user_id}").status_code == 204
    person = Person.objects.get(pk=user_id)
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert person.full_name.startswith("Erased person")
    assert not person.user.is_active
    assert Relationship.objects.get(pk=pair.relationship.pk).status == "paused"
    assert scim.get(f"Users/{user_id}").status_code == 404


def test_a_list_is_paged_with_start_index_and_count(scim: Any) -> None:
    for n in range(5):
        scim.post("Users", user_body(f"user{n}@example.com"))
    page = scim.get("Users", data={"startIndex": "2", "count": "2"}).json()
    assert page["totalResults"] == 5
    assert page["startIndex"] == 2
    assert [r["userName"] for r in page["Resources"]] == ["user1@example.com", "user2@example.com"]


def test_filters_co_and_sw_on_user_name_and_emails(scim: Any) -> None:
    scim.post("Users", user_body("alice@example.com"))
    scim.post("Users", user_body("bob@example.org"))

    def names(expression: str) -> list[str]:
        found = scim.get("Users", data={"filter": expression}).json()["Resources"]
        return sorted(r["userName"] for r in found)

    assert names('userName sw "ali"') == ["alice@example.com"]
    assert names('userName co "EXAMPLE"') == ["alice@example.com", "bob@example.org"]
    assert names('emails co "example.org"') == ["bob@example.org"]
    assert names('emails[value eq "alice@example.com"]') == ["alice@example.com"]
    assert names('userName sw "a" or userName sw "b"') == ["alice@example.com", "bob@example.org"]


def test_attributes_and_excluded_attributes_select_what_is_returned(scim: Any) -> None:
    user_id = scim.post("Users", user_body("ann@example.com", title="Engineer")).json()["id"]
    only = scim.get(f"Users/{user_id}", data={"attributes": "userName"}).json()
    assert set(only) == {"schemas", "id", "userName"}
    without = scim.get(f"Users/{user_id}", data={"excludedAttributes": "emails,title"}).json()
    assert "emails" not in without and "title" not in without and "userName" in without


def test_an_edit_made_in_tandem_shows_through_scim(scim: Any, api_admin: Any) -> None:
    user_id = scim.post("Users", user_body("ann@example.com")).json()["id"]
    api_admin.patch(f"/api/v1/people/{user_id}", {"department": "Research"})
    body = scim.get(f"Users/{user_id}").json()
    assert body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] == {
        "department": "Research"
    }


def test_a_manager_cycle_is_refused(scim: Any) -> None:
    enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    boss = scim.post("Users", user_body("boss@example.com")).json()["id"]
    body = user_body("ann@example.com")
    body["schemas"].append(enterprise)
    body[enterprise] = {"manager": {"value": boss}}
    ann = scim.post("Users", body).json()["id"]
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": f"{enterprise}:manager", "value": {"value": ann}}],
    }
    response = scim.patch(f"Users/{boss}", patch)
    assert response.status_code == 400
    assert "cycle" in response.json()["detail"]
