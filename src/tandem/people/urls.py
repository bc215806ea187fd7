from django.urls import path

from . import demographics_views, views, views_provisioning

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_page, name="import"),
    path("import/<int:upload_id>/confirm/", views.confirm_import, name="import_confirm"),
    path("import/template.csv", views.import_template, {"kind": "csv"}, name="import_template_csv"),
    path(
        "import/template.xlsx", views.import_template, {"kind": "xlsx"}, name="import_template_xlsx"
    ),
    path("provisioning/", views_provisioning.provisioning_page, name="provisioning"),
    path("me/profile/", views.edit_my_profile, name="my_profile"),
    path("me/demographics/", demographics_views.my_demographics, name="my_demographics"),
    path(
        "me/demographics/delete/",
        demographics_views.delete_my_demographics,
        name="delete_my_demographics",
    ),
    path("<int:person_id>/", views.person_page, name="person"),
    path("<int:person_id>/profile/", views.edit_profile, name="edit_profile"),
]
