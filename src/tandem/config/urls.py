from django.urls import include, path

from tandem.config.api import api
from tandem.core.views import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("scim/v2/", include("tandem.people.scim.urls")),
    path("accounts/", include("tandem.accounts.urls")),
    path("people/", include("tandem.people.urls")),
    path("programs/", include("tandem.programs.urls")),
    path("matchmaking/", include("tandem.matchmaking.urls")),
    path("relationships/", include("tandem.relationships.urls")),
    path("notifications/", include("tandem.engagement.urls")),
    path("engagement/", include("tandem.engagement.urls_manage")),
    path("surveys/", include("tandem.surveys.urls")),
    path("insights/", include("tandem.insights.urls")),
    path("learning/", include("tandem.learning.urls")),
    path("", include("tandem.web.urls")),
]

handler403 = "tandem.web.views.error_403"
handler404 = "tandem.web.views.error_404"
handler500 = "tandem.web.views.error_500"
