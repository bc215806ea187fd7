from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("", views.notifications_page, name="notifications"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.settings_page, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
]
