from django.urls import path

from . import views, views_provisioning

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_page, name="import"),
    path("provisioning/", views_provisioning.provisioning_page, name="provisioning"),
    path("me/profile/", views.edit_my_profile, name="my_profile"),
    path("<int:person_id>/", views.person_page, name="person"),
    path("<int:person_id>/profile/", views.edit_profile, name="edit_profile"),
]
