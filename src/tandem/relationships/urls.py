from django.urls import path

from . import views, views_celebrations, views_log

app_name = "relationships"
urlpatterns = [
    path("", views.my_relationships, name="list"),
    path("<int:relationship_id>/", views.relationship_home, name="detail"),
    path("<int:relationship_id>/agreement/", views.agreement, name="agreement"),
    path("<int:relationship_id>/goals/new/", views.goal_new, name="goal_new"),
    path("<int:relationship_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("<int:relationship_id>/meetings/log/", views_log.meeting_log, name="meeting_log"),
    path("<int:relationship_id>/notes/", views.notes_page, name="notes"),
    path("<int:relationship_id>/status/", views.status_page, name="status"),
    path("<int:relationship_id>/closure/", views.closure_page, name="closure"),
    path(
        "<int:relationship_id>/celebration-names/",
        views_celebrations.celebration_names_choice,
        name="celebration_names",
    ),
    path("<int:relationship_id>/certificate/", views.certificate, name="certificate"),
    path("goals/<int:goal_id>/", views.goal_page, name="goal"),
    path("goals/<int:goal_id>/update/", views.goal_update, name="goal_update"),
    path("goals/<int:goal_id>/milestones/", views.milestone_add, name="milestone_add"),
    path("goals/<int:goal_id>/comments/", views.comment_add, name="comment_add"),
    path("milestones/<int:milestone_id>/toggle/", views.milestone_toggle, name="milestone_toggle"),
    path("meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/status/", views.meeting_status, name="meeting_status"),
    path("meetings/<int:meeting_id>/pulse/", views.meeting_pulse, name="meeting_pulse"),
    path("meetings/<int:meeting_id>/invite.ics", views.meeting_invite, name="meeting_invite"),
    path("program/<int:program_id>/", views.program_overview, name="program"),
    path("program/<int:program_id>/new/", views.program_new_relationship, name="program_new"),
    path("program/<int:program_id>/recognition/", views.recognition, name="recognition"),
]
