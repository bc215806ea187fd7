from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:survey_id>/", views.survey_edit, name="edit"),
    path("<int:survey_id>/status/", views.survey_status, name="status"),
    path(
        "<int:survey_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:survey_id>/answer/", views.survey_respond, name="respond"),
    path("<int:survey_id>/results/", views.survey_results, name="results"),
]
