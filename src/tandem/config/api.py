"""The public API: one NinjaAPI at /api/v1/ mounting each app's router."""

from __future__ import annotations

import copy
from typing import Any

from ninja import NinjaAPI

from tandem.accounts.api import router as accounts_router
from tandem.accounts.api_auth import AUTH
from tandem.accounts.api_identity import router as identity_router
from tandem.config.openapi_links import add_links
from tandem.core.api import install_error_handlers
from tandem.engagement.api import router as engagement_router
from tandem.insights.api import router as insights_router
from tandem.insights.api_home import router as insights_home_router
from tandem.insights.api_reach import router as insights_reach_router
from tandem.insights.api_report import router as insights_report_router
from tandem.learning.api import router as learning_router
from tandem.learning.api_library import router as library_router
from tandem.learning.api_moments import router as moments_router
from tandem.learning.api_office_hours import router as office_hours_router
from tandem.learning.api_recognition import router as recognition_router
from tandem.learning.api_stories import router as stories_router
from tandem.matchmaking.api import router as matchmaking_router
from tandem.people.api import router as people_router
from tandem.people.api_events import router as hr_events_router
from tandem.people.api_scim import router as scim_tokens_router
from tandem.people.demographics_api import router as demographics_router
from tandem.programs.api import router as programs_router
from tandem.relationships.api import router as relationships_router
from tandem.surveys.api import router as surveys_router


class TandemAPI(NinjaAPI):
    """The schema is the same for every request once the routers are mounted, and building
    it takes seconds (300+ operations): it is built once per process and path prefix."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        cache: dict[Any, Any] = self.__dict__.setdefault("_openapi_schemas", {})
        if key not in cache:
            cache[key] = add_links(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
        return copy.deepcopy(cache[key])  # callers may change their copy


api = TandemAPI(
    title="Tandem API",
    version="1.0.0",
    description=(
        "The public API of Tandem, the open mentoring platform. Authenticate with "
        "`POST /api/v1/auth/token` and send `Authorization: Bearer <token>`."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)

api.add_router("", accounts_router, tags=["accounts"])
api.add_router("", identity_router, tags=["identity"])
api.add_router("", hr_events_router, tags=["people"])
api.add_router("", demographics_router, tags=["people"])
api.add_router("", people_router, tags=["people"])
api.add_router("", scim_tokens_router, tags=["provisioning"])
api.add_router("", programs_router, tags=["programs"])
api.add_router("", matchmaking_router, tags=["matchmaking"])
api.add_router("", relationships_router, tags=["relationships"])
api.add_router("", engagement_router, tags=["engagement"])
api.add_router("", surveys_router, tags=["surveys"])
api.add_router("", learning_router, tags=["learning"])
api.add_router("", library_router, tags=["learning"])
api.add_router("", moments_router, tags=["learning"])
api.add_router("", recognition_router, tags=["learning"])
api.add_router("", office_hours_router, tags=["learning"])
api.add_router("", stories_router, tags=["learning"])
api.add_router("", insights_router, tags=["insights"])
api.add_router("", insights_reach_router, tags=["insights"])
api.add_router("", insights_report_router, tags=["insights"])
api.add_router("", insights_home_router, tags=["insights"])
