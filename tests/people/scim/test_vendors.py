"""Okta's and Entra's provisioning conversations, request for request."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tandem.people.models import DirectoryGroup, Person
from tests.factories import EmployeeFactory
from tests.people.scim import vendor_requests as v


def _find(scim: Any, resource: str, expression: str, **params: str) -> Any:
    extra = "".join(f"&{k}={quote(val)}" for k, val in params.items())
    return scim.get(f"{resource}?filter={quote(expression)}{extra}")


def test_okta_looks_up_creates_and_finds_a_user(scim: Any) -> None:
    assert (
        _find(scim, "Users", v.OKTA_FIND_USER, startIndex="1", count="100").json()["totalResults"]
        == 0
    )
    created = scim.post("Users", v.OKTA_CREATE_USER)
    assert created.status_code == 201, created.content
    assert created["Content-Type"] == "application/scim+json"
    body = created.json()
    assert body["userName"] == "test.user@example.com"
    assert body["externalId"] == "00ujl29u0le5T6Aj10h7"
    assert "password" not in body
    person = Person.objects.get(pk=body["id"])
    assert (person.full_name, person.email) == ("Test User", "test.user@example.com")
    found = _find(scim, "Users", v.OKTA_FIND_USER).json()
    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == body["id"]


def test_okta_deactivates_and_reactivates_with_a_pathless_replace(scim: Any) -> None:
    user_id = scim.post("Users", v.OKTA_CREATE_USER).json()["id"]
    off = scim.patch(f"Users/{user_id}", v.OKTA_DEACTIVATE)
    assert off.status_code == 200, off.content
    assert off.json()["active"] is False
    assert Person.objects.get(pk=user_id).status == "terminated"
    assert scim.get(f"Users/{user_id}").json()["active"] is False  # still readable
    on = scim.patch(f"Users/{user_id}", v.OKTA_REACTIVATE)
    assert on.json()["active"] is True
    assert Person.objects.get(pk=user_id).status == "active"


def test_okta_pushes_a_group_renames_it_and_manages_members(scim: Any) -> None:
    user_id = scim.post("Users", v.OKTA_CREATE_USER).json()["id"]
    group = scim.post("Groups", v.OKTA_CREATE_GROUP)
    assert group.status_code == 201, group.content
    group_id = group.json()["id"]
    renamed = scim.patch(f"Groups/{group_id}", v.okta_rename_group(group_id, "Mentoring pilot"))
    assert renamed.status_code == 200, renamed.content
    added = scim.patch(f"Groups/{group_id}", v.okta_add_member(user_id))
    assert [m["value"] for m in added.json()["members"]] == [user_id]
    row = DirectoryGroup.objects.get(pk=group_id)
    assert row.display_name == "Mentoring pilot"
    assert list(row.members.values_list("pk", flat=True)) == [int(user_id)]
    removed = scim.patch(f"Groups/{group_id}", v.okta_remove_member(user_id))
    assert removed.status_code == 200, removed.content
    assert row.members.count() == 0


def test_entra_creates_a_user_with_the_enterprise_extension(scim: Any) -> None:
    response = scim.post("Users", v.ENTRA_CREATE_USER)
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.employee_id == "E-7731"
    assert person.department == "Finance"
    assert person.full_name == "givenName familyName"
    assert person.email == "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"
    assert _find(scim, "Users", v.ENTRA_FIND_USER).json()["totalResults"] == 1


def test_entra_updates_with_capitalised_ops_and_a_filtered_email_path(scim: Any) -> None:
    user_id = scim.post("Users", v.ENTRA_CREATE_USER).json()["id"]
    response = scim.patch(f"Users/{user_id}", v.ENTRA_UPDATE_USER)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"]["familyName"] == "updatedFamilyName"
    assert Person.objects.get(pk=user_id).email == "updatedemail@microsoft.com"


def test_entra_disables_with_a_string_boolean(scim: Any) -> None:
    user_id = scim.post("Users", v.ENTRA_CREATE_USER).json()["id"]
    response = scim.patch(f"Users/{user_id}", v.ENTRA_DISABLE)
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert Person.objects.get(pk=user_id).status == "terminated"


def test_entra_sets_the_manager_as_a_bare_id_and_builds_the_chain(scim: Any) -> None:
    boss = scim.post("Users", v.OKTA_CREATE_USER).json()["id"]
    user_id = scim.post("Users", v.ENTRA_CREATE_USER).json()["id"]
    response = scim.patch(f"Users/{user_id}", v.entra_set_manager(boss))
    assert response.status_code == 200, response.content
    assert response.json()[v.ENTERPRISE]["manager"]["value"] == boss
    assert Person.objects.get(pk=user_id).manager_id == int(boss)


def test_entra_manages_group_members_with_add_and_remove_by_value(scim: Any) -> None:
    user_id = scim.post("Users", v.ENTRA_CREATE_USER).json()["id"]
    group_id = scim.post("Groups", v.ENTRA_CREATE_GROUP).json()["id"]
    found = _find(scim, "Groups", v.ENTRA_FIND_GROUP, excludedAttributes="members").json()
    assert found["totalResults"] == 1
    assert "members" not in found["Resources"][0]
    scim.patch(f"Groups/{group_id}", v.entra_add_member(user_id))
    assert DirectoryGroup.objects.get(pk=group_id).members.count() == 1
    response = scim.patch(f"Groups/{group_id}", v.entra_remove_member(user_id))
    assert response.status_code == 200, response.content
    assert DirectoryGroup.objects.get(pk=group_id).members.count() == 0


def test_a_person_imported_from_the_hr_file_is_adopted_not_duplicated(scim: Any) -> None:
    imported = EmployeeFactory(email="test.user@example.com", employee_id="E-1")
    response = scim.post("Users", v.OKTA_CREATE_USER)
    assert response.status_code == 201, response.content
    assert response.json()["id"] == str(imported.pk)
    assert Person.objects.filter(email="test.user@example.com").count() == 1
    assert Person.objects.get(pk=imported.pk).employee_id == "E-1"
