from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "matchmaking"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("programs/<int:program_id>/", views.program_runs, name="program"),
    path("programs/<int:program_id>/runs/", views.run_start, name="run_start"),
    path("programs/<int:program_id>/requests/", views.program_requests, name="program_requests"),
    path("programs/<int:program_id>/choose/", views.choose, name="choose"),
    path(
        "programs/<int:program_id>/choose/<int:mentor_id>/request/",
        views.request_new,
        name="request_new",
    ),
    path(
        "programs/<int:program_id>/choose/<int:mentor_id>/bookmark/",
        views.bookmark,
        name="bookmark",
    ),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:run_id>/rerun/", views.run_rerun, name="run_rerun"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:run_id>/compare/<int:other_id>/", views.run_compare, name="run_compare"),
    path(
        "runs/<int:run_id>/proposals/<int:proposal_id>/",
        views.proposal_action,
        name="proposal_action",
    ),
    path(
        "runs/<int:run_id>/proposals/<int:proposal_id>/reassign/",
        views.proposal_reassign,
        name="proposal_reassign",
    ),
    path(
        "runs/<int:run_id>/unmatched/<int:participant_id>/assign/",
        views.unmatched_assign,
        name="unmatched_assign",
    ),
    path("requests/", views.inbox, name="inbox"),
    path(
        "requests/<int:request_id>/accept/",
        views.request_answer,
        {"answer": "accept"},
        name="request_accept",
    ),
    path(
        "requests/<int:request_id>/decline/",
        views.request_answer,
        {"answer": "decline"},
        name="request_decline",
    ),
    path(
        "requests/<int:request_id>/withdraw/",
        views.request_answer,
        {"answer": "withdraw"},
        name="request_withdraw",
    ),
    path("relationships/<int:relationship_id>/rematch/", views.rematch, name="rematch"),
]
