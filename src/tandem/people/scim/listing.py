"""SCIM list requests: the query (from a query string or a SearchRequest body), a page of
Users or Groups filtered in the database, rendered with attributes/excludedAttributes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import groups, mapping, users
from .discovery import MAX_RESULTS
from .filters import GROUP_COLUMNS, USER_COLUMNS, to_query
from .protocol import ScimError, list_response


@dataclass(frozen=True)
class Query:
    """A list request: from the query string (GET) or a SearchRequest body (POST .search)."""

    filter: str = ""
    start: int = 1
    count: int = MAX_RESULTS
    attributes: str = ""
    excluded: str = ""


def _number(name: str, raw: Any, default: int) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ScimError(400, f"{name}: must be a whole number.", "invalidValue") from exc


def make_query(get: Callable[[str], Any]) -> Query:
    def names(key: str) -> str:
        value = get(key)
        return ",".join(value) if isinstance(value, list) else str(value or "")

    return Query(
        filter=str(get("filter") or "").strip(),
        start=max(1, _number("startIndex", get("startIndex"), 1)),
        count=min(MAX_RESULTS, max(0, _number("count", get("count"), MAX_RESULTS))),
        attributes=names("attributes"),
        excluded=names("excludedAttributes"),
    )


def list_users(url: str, query: Query) -> dict[str, Any]:
    people = users.provisioned_people()
    if query.filter:
        people = people.filter(to_query(query.filter, USER_COLUMNS))
    params = mapping.parameters(query.attributes, query.excluded)
    total = people.count()
    offset = query.start - 1
    page = list(people[offset : offset + query.count]) if query.count else []
    resources = [mapping.render(mapping.document(p, p.scim, url), params) for p in page]
    return list_response(resources, total=total, start_index=query.start)


def list_groups(url: str, query: Query) -> dict[str, Any]:
    with_members = "members" not in query.excluded.lower()
    rows = groups.groups_queryset(with_members=with_members)
    if query.filter:
        rows = rows.filter(to_query(query.filter, GROUP_COLUMNS)).distinct()
    params = groups.parameters(query.attributes, query.excluded)
    total = rows.count()
    offset = query.start - 1
    page = list(rows[offset : offset + query.count]) if query.count else []
    resources = [groups.render(groups.document(r, url, with_members), params) for r in page]
    return list_response(resources, total=total, start_index=query.start)
