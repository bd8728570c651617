from django.urls import path

from stageplein.events import views

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("nieuw/", views.event_create_view, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/wijzigen/", views.event_edit_view, name="event_edit"),
    path("<int:pk>/aanmelden/", views.event_sign_up_view, name="event_sign_up"),
    path("<int:pk>/afmelden/", views.event_sign_off_view, name="event_sign_off"),
    path("<int:pk>/aanwezig/", views.event_attendance_view, name="event_attendance"),
    path("<int:pk>/annuleren/", views.event_cancel_view, name="event_cancel"),
    path("<int:pk>/agenda.ics", views.event_ical, name="event_ical"),
]
