"""What the server publishes about itself: ServiceProviderConfig, ResourceTypes, Schemas.

The schemas list only the attributes Tandem keeps (RFC 7643 §7: a service provider
publishes the attributes it supports); standard attributes it does not keep (phone
numbers, addresses…) are accepted and dropped, so an identity provider's default mapping
never fails on them."""

from __future__ import annotations

from functools import cache
from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    EnterpriseUser,
    ETag,
    Filter,
    Group,
    Meta,
    Patch,
    Required,
    ResourceType,
    Schema,
    SchemaExtension,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
    User,
)

from ..models import available_time_zones

MAX_RESULTS = 200
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
KNOWN_SCHEMAS = frozenset({USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA})

# attribute → the sub-attributes kept (None: a simple attribute)
USER_ATTRIBUTES: dict[str, set[str] | None] = {
    "userName": None,
    "name": {"formatted", "familyName", "givenName"},
    "displayName": None,
    "title": None,
    "timezone": None,
    "active": None,
    "emails": {"value", "type", "primary"},
    "groups": {"value", "$ref", "display"},
}
ENTERPRISE_ATTRIBUTES: dict[str, set[str] | None] = {
    "employeeNumber": None,
    "department": None,
    "manager": {"value", "$ref"},
}
GROUP_ATTRIBUTES: dict[str, set[str] | None] = {
    "displayName": None,
    "members": {"value", "$ref", "type"},
}


def _dump(obj: Any) -> dict[str, Any]:
    return obj.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)  # type: ignore[no-any-return]


def _keep(schema: Schema, kept: dict[str, set[str] | None], base_url: str) -> Schema:
    attributes = []
    for attribute in schema.attributes or []:
        if attribute.name not in kept:
            continue
        subs = kept[attribute.name]
        if subs is not None and attribute.sub_attributes:
            attribute.sub_attributes = [s for s in attribute.sub_attributes if s.name in subs]
        if attribute.name == "emails":
            attribute.required = Required.true  # a directory entry needs an email
            for sub in attribute.sub_attributes or []:
                if sub.name == "value":
                    sub.required = Required.true
        if attribute.name == "employeeNumber":
            attribute.uniqueness = Uniqueness.server
        if attribute.name == "timezone":
            attribute.canonical_values = sorted(available_time_zones())
        attributes.append(attribute)
    schema.attributes = attributes
    schema.meta = Meta(resource_type="Schema", location=f"{base_url}/Schemas/{schema.id}")
    return schema


@cache
def _schemas(base_url: str) -> dict[str, dict[str, Any]]:
    published = [
        _keep(User.to_schema(), USER_ATTRIBUTES, base_url),
        _keep(EnterpriseUser.to_schema(), ENTERPRISE_ATTRIBUTES, base_url),
        _keep(Group.to_schema(), GROUP_ATTRIBUTES, base_url),
    ]
    return {str(s.id): _dump(s) for s in published}


def schemas(base_url: str) -> dict[str, dict[str, Any]]:
    return _schemas(base_url)


def resource_types(base_url: str) -> dict[str, dict[str, Any]]:
    user = ResourceType(
        id="User",
        name="User",
        description="A person in the Tandem directory",
        endpoint="/Users",
        schema_=USER_SCHEMA,
        schema_extensions=[SchemaExtension(schema_=ENTERPRISE_SCHEMA, required=False)],
        meta=Meta(resource_type="ResourceType", location=f"{base_url}/ResourceTypes/User"),
    )
    group = ResourceType(
        id="Group",
        name="Group",
        description="A directory group (programs can be open to named groups)",
        endpoint="/Groups",
        schema_=GROUP_SCHEMA,
        meta=Meta(resource_type="ResourceType", location=f"{base_url}/ResourceTypes/Group"),
    )
    return {"User": _dump(user), "Group": _dump(group)}


def service_provider_config(base_url: str) -> dict[str, Any]:
    config = ServiceProviderConfig(
        documentation_uri="https://tandem.invalid/docs/provisioning",
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        pagination=None,
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Bearer token",
                description="A provisioning token made by an org admin in Tandem",
                primary=True,
            )
        ],
        meta=Meta(
            resource_type="ServiceProviderConfig", location=f"{base_url}/ServiceProviderConfig"
        ),
    )
    body = _dump(config)
    body.pop("documentationUri", None)
    return body
