"""Requests as Okta and Microsoft Entra ID send them (from their SCIM 2.0 integration
guides: Okta's "SCIM 2.0 protocol reference", Entra's "Develop a SCIM endpoint" request
samples). Only the ids and the domain (``.local`` fails email validation) are ours."""

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"

OKTA_CREATE_USER = {
    "schemas": [USER],
    "userName": "test.user@example.com",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"primary": True, "value": "test.user@example.com", "type": "work"}],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}
OKTA_FIND_USER = 'userName eq "test.user@example.com"'
OKTA_DEACTIVATE = {
    "schemas": [PATCH],
    "Operations": [{"op": "replace", "value": {"active": False}}],
}
OKTA_REACTIVATE = {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]}
OKTA_CREATE_GROUP = {"schemas": [GROUP], "displayName": "Test SCIMv2", "members": []}


def okta_rename_group(group_id: str, name: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "value": {"id": group_id, "displayName": name}}],
    }


def okta_add_member(user_id: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [
            {
                "op": "add",
                "path": "members",
                "value": [{"value": user_id, "display": "test.user@example.com"}],
            }
        ],
    }


def okta_remove_member(user_id: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [{"op": "remove", "path": f'members[value eq "{user_id}"]'}],
    }


ENTRA_CREATE_USER = {
    "schemas": [USER, ENTERPRISE],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    "active": True,
    "emails": [
        {
            "primary": True,
            "type": "work",
            "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com",
        }
    ],
    "meta": {"resourceType": "User"},
    "name": {
        "formatted": "givenName familyName",
        "familyName": "familyName",
        "givenName": "givenName",
    },
    "roles": [],
    ENTERPRISE: {"employeeNumber": "E-7731", "department": "Finance"},
}
ENTRA_FIND_USER = 'userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"'
ENTRA_UPDATE_USER = {
    "schemas": [PATCH],
    "Operations": [
        {
            "op": "Replace",
            "path": 'emails[type eq "work"].value',
            "value": "updatedEmail@microsoft.com",
        },
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
    ],
}
ENTRA_DISABLE = {
    "schemas": [PATCH],
    "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
}


def entra_set_manager(manager_id: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": manager_id},
        ],
    }


ENTRA_CREATE_GROUP = {
    "schemas": [GROUP],
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "displayName",
    "meta": {"resourceType": "Group"},
}
ENTRA_FIND_GROUP = 'displayName eq "displayName"'


def entra_add_member(user_id: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [{"op": "Add", "path": "members", "value": [{"value": user_id}]}],
    }


def entra_remove_member(user_id: str) -> dict:
    return {
        "schemas": [PATCH],
        "Operations": [{"op": "Remove", "path": "members", "value": [{"value": user_id}]}],
    }
