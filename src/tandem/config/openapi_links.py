"""OpenAPI links from each "create" operation to the operations on what it created.

``POST /api/v1/relationships/{relationship_id}/goals`` answers a goal with an ``id``; every
operation under ``/api/v1/goals/{goal_id}`` takes that id. Writing the links down lets
clients (and the stateful fuzzer, benchmarks/fuzz.sh) follow them: create, then read,
change and delete what was created.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

_ITEM = re.compile(r"^/api/v1/(?P<collection>[a-z-]+)/\{(?P<param>\w+)\}")
_METHODS = ("get", "put", "patch", "post", "delete")


def add_links(schema: dict[str, Any]) -> dict[str, Any]:
    targets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, item in schema["paths"].items():
        found = _ITEM.match(path)
        if not found:
            continue
        for method in _METHODS:
            if method in item and "operationId" in item[method]:
                targets[found["collection"]].append((item[method]["operationId"], found["param"]))
    for path, item in schema["paths"].items():
        post = item.get("post")
        collection = path.rstrip("/").rsplit("/", 1)[-1]
        if post is None or collection not in targets:
            continue
        responses = post.get("responses", {})
        for status in (201, 200):  # ints before the document is serialised
            response = responses.get(status) or responses.get(str(status))
            if response and "content" in response:
                response["links"] = {
                    operation_id: {
                        "operationId": operation_id,
                        "parameters": {param: "$response.body#/id"},
                    }
                    for operation_id, param in targets[collection]
                }
                break
    return schema
