from django.urls import path

from . import (
    views,
    views_library,
    views_moments,
    views_office_hours,
    views_recognition,
    views_stories,
)

app_name = "learning"
urlpatterns = [
    path("", views.my_training, name="training"),
    path("modules/new/", views.module_new, name="module_new"),
    path("modules/<int:module_id>/", views.module_page, name="module"),
    path("modules/<int:module_id>/edit/", views.module_edit, name="module_edit"),
    path("modules/<int:module_id>/quiz/", views.quiz_submit, name="quiz"),
    path("modules/<int:module_id>/complete/", views.complete, name="complete"),
    path(
        "modules/<int:module_id>/sections/<int:position>/done/",
        views.section_done,
        name="section_done",
    ),
    path("programs/<int:program_id>/", views.program_training, name="program"),
    path("moments/", views_moments.moments_page, name="moments"),
    path("moments/sharing/", views_moments.sharing, name="moment_sharing"),
    path("moments/<int:moment_id>/confirm/", views_moments.confirm, name="moment_confirm"),
    path("moments/<int:moment_id>/decline/", views_moments.decline, name="moment_decline"),
    path("recognition/", views_recognition.wall_page, name="recognition"),
    path("recognition/setting/", views_recognition.wall_setting, name="recognition_setting"),
    path("programs/<int:program_id>/stories/new/", views_stories.story_new, name="story_new"),
    path("stories/<int:story_id>/consent/", views_stories.story_consent, name="story_consent"),
    path("stories/<int:story_id>/withdraw/", views_stories.story_withdraw, name="story_withdraw"),
    path("office-hours/", views_office_hours.office_hours_page, name="office_hours"),
    path("office-hours/<int:slot_id>/book/", views_office_hours.book, name="office_hour_book"),
    path("bookings/<int:booking_id>/cancel/", views_office_hours.cancel, name="booking_cancel"),
    path("bookings/<int:booking_id>/pulse/", views_office_hours.pulse, name="booking_pulse"),
    path("bookings/<int:booking_id>/invite.ics", views_office_hours.invite, name="booking_invite"),
    path("library/", views_library.library_page, name="library"),
    path("library/new/", views_library.resource_new, name="resource_new"),
    path("library/<int:resource_id>/", views_library.resource_page, name="resource"),
    path("library/<int:resource_id>/edit/", views_library.resource_edit, name="resource_edit"),
    path(
        "library/<int:resource_id>/delete/", views_library.resource_delete, name="resource_delete"
    ),
]
