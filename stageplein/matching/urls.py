from django.urls import path

from stageplein.matching import views

urlpatterns = [
    path("", views.queue_view, name="matching_queue"),
    path("verdelen/", views.run_create_view, name="matching_run_create"),
    path("rondes/", views.run_list_view, name="matching_run_list"),
    path("rondes/<int:pk>/", views.run_detail_view, name="matching_run_detail"),
    path("rondes/<int:pk>/bevestigen/", views.run_confirm_view, name="matching_run_confirm"),
    path(
        "rondes/<int:run_pk>/voorstellen/<int:pk>/",
        views.proposal_change_view,
        name="matching_proposal_change",
    ),
    path("weging/", views.settings_view, name="matching_settings"),
    path(
        "leerlingen/<int:pk>/begeleiding/",
        views.student_guidance_view,
        name="matching_student_guidance",
    ),
]
