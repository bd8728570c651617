from django.urls import path
from oauth2_provider.views import TokenView

from stageplein.api.views import docs, hours, public, students, vacancies, webhooks

urlpatterns = [
    path("oauth/token/", TokenView.as_view(), name="api_oauth_token"),
    path("v1/schema/", docs.SchemaView.as_view(), name="api_schema"),
    path("v1/docs/", docs.DocsView.as_view(), name="api_docs"),
    path("v1/students/", students.StudentList.as_view(), name="api_students"),
    path("v1/students/bulk/", students.StudentBulk.as_view(), name="api_students_bulk"),
    path("v1/students/<int:pk>/", students.StudentDetail.as_view(), name="api_student"),
    path("v1/students/<int:pk>/leave/", students.StudentLeave.as_view(), name="api_student_leave"),
    path("v1/placements/", vacancies.PlacementList.as_view(), name="api_placements"),
    path("v1/placements/<int:pk>/", vacancies.PlacementDetail.as_view(), name="api_placement"),
    path("v1/reactions/", vacancies.ReactionList.as_view(), name="api_reactions"),
    path("v1/reactions/<int:pk>/", vacancies.ReactionDetail.as_view(), name="api_reaction"),
    path("v1/internships/", vacancies.InternshipList.as_view(), name="api_internships"),
    path("v1/internships/<int:pk>/", vacancies.InternshipDetail.as_view(), name="api_internship"),
    path("v1/hours/", hours.StudentHoursList.as_view(), name="api_hours"),
    path("v1/hours/entries/", hours.HourEntrySubmit.as_view(), name="api_hour_entries"),
    path("v1/certificates/<str:code>/", hours.CertificateVerify.as_view(), name="api_certificate"),
    path(
        "v1/figures/municipalities/<str:code>/",
        hours.MunicipalityFigures.as_view(),
        name="api_figures_municipality",
    ),
    path(
        "v1/public/placements/", public.PublicPlacementFeed.as_view(), name="api_public_placements"
    ),
    path("v1/figures/schools/", hours.SchoolYearFigures.as_view(), name="api_figures_schools"),
    path("v1/webhooks/", webhooks.WebhookList.as_view(), name="api_webhooks"),
    path("v1/webhooks/<int:pk>/", webhooks.WebhookDetail.as_view(), name="api_webhook"),
    path(
        "v1/webhooks/<int:pk>/deliveries/",
        webhooks.WebhookDeliveries.as_view(),
        name="api_webhook_deliveries",
    ),
    path("v1/webhooks/<int:pk>/test/", webhooks.WebhookTest.as_view(), name="api_webhook_test"),
    path(
        "v1/webhooks/<int:pk>/deliveries/<int:delivery>/replay/",
        webhooks.WebhookReplay.as_view(),
        name="api_webhook_replay",
    ),
]
