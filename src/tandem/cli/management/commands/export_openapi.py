"""``tandem export-openapi``: print the OpenAPI document generated from the code."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


def openapi_document() -> str:
    from tandem.config.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI 3 document of /api/v1/ (committed as docs/api/openapi.json)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(openapi_document(), ending="")
