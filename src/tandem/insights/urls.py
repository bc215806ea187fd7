from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.org_dashboard, name="org"),
    path("programs/<int:program_id>/", views.program_dashboard, name="program"),
    path("vendor/plotly.min.js", views.plotly_js, name="plotly"),
]
