from django.urls import path

from stageplein.students import privacy_views, staff_views, views

urlpatterns = [
    path("normen/", views.hour_norms, name="hour_norms"),
    path("scholen/<int:pk>/team/", staff_views.school_staff, name="school_staff"),
    path("scholen/<int:pk>/profiel/", staff_views.school_profile, name="school_profile"),
    path("leerlingen/<int:pk>/mentor/", staff_views.student_mentor, name="student_mentor"),
    path(
        "leerlingen/<int:pk>/verzoek/",
        privacy_views.student_privacy_request,
        name="student_privacy_request",
    ),
    path("privacyverzoeken/", privacy_views.privacy_request_list, name="privacy_request_list"),
    path(
        "privacyverzoeken/<int:pk>/",
        privacy_views.privacy_request_detail,
        name="privacy_request_detail",
    ),
]
