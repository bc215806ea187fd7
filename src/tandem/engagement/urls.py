from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("", views.notifications_page, name="notifications"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
