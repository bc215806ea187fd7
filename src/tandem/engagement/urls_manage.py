"""Pages for program managers and org admins: /engagement/…"""

from django.urls import path

from . import views_integrations as integrations
from . import views_programs as programs

app_name = "engage"
urlpatterns = [
    path("programs/<int:program_id>/nudges/", programs.nudge_settings, name="nudges"),
    path("programs/<int:program_id>/at-risk/", programs.at_risk_page, name="at_risk"),
    path(
        "relationships/<int:relationship_id>/interventions/new/",
        programs.intervention_new,
        name="intervention_new",
    ),
    path("interventions/<int:intervention_id>/", programs.intervention_page, name="intervention"),
    path(
        "programs/<int:program_id>/channels/",
        integrations.program_channels,
        name="program_channels",
    ),
    path("channels/", integrations.org_channels, name="org_channels"),
    path("channels/<int:channel_id>/test/", integrations.channel_test, name="channel_test"),
    path("channels/<int:channel_id>/delete/", integrations.channel_delete, name="channel_delete"),
    path("webhooks/", integrations.webhooks_page, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", integrations.webhook_page, name="webhook"),
    path("webhooks/<int:endpoint_id>/action/", integrations.webhook_action, name="webhook_action"),
    path("deliveries/<int:delivery_id>/redeliver/", integrations.redeliver, name="redeliver"),
]
