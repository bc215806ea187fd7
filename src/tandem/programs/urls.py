from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/status/", views.program_status, name="status"),
    path("<int:program_id>/clone/", views.program_clone, name="clone"),
    path("<int:program_id>/announce/", views.program_announce, name="announce"),
    path("<int:program_id>/enrol/", views.enrol, name="enrol"),
    path("<int:program_id>/participants/", views.participants, name="participants"),
    path("<int:program_id>/participants.csv", views.participants_csv, name="participants_csv"),
    path(
        "participants/<int:participant_id>/withdraw/",
        views.participant_withdraw,
        name="withdraw",
    ),
    path(
        "participants/<int:participant_id>/capacity/",
        views.participant_capacity,
        name="capacity",
    ),
]
