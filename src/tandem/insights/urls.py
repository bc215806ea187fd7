from django.urls import path

from . import report_views, views, views_reach

app_name = "insights"

urlpatterns = [
    path("", views.org_dashboard, name="org"),
    path("reach/", views_reach.reach_page, name="reach"),
    path("programs/<int:program_id>/", views.program_dashboard, name="program"),
    path("programs/<int:program_id>/outcomes/", views.outcome_page, name="outcomes"),
    path("programs/<int:program_id>/report/", report_views.report_page, name="report"),
    path("programs/<int:program_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("vendor/plotly.min.js", views.plotly_js, name="plotly"),
]
