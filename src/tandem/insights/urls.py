from django.urls import path

from . import views, views_reach

app_name = "insights"

urlpatterns = [
    path("", views.org_dashboard, name="org"),
    path("reach/", views_reach.reach_page, name="reach"),
    path("programs/<int:program_id>/", views.program_dashboard, name="program"),
    path("programs/<int:program_id>/outcomes/", views.outcome_page, name="outcomes"),
    path("vendor/plotly.min.js", views.plotly_js, name="plotly"),
]
