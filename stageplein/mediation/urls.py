from django.urls import path

from stageplein.mediation import views

urlpatterns = [
    path("", views.mediation_list, name="mediation_list"),
    path("vragen/", views.mediation_create, name="mediation_create"),
    path("<int:pk>/", views.mediation_detail, name="mediation_detail"),
    path("<int:pk>/voorstellen/", views.mediation_propose_view, name="mediation_propose"),
    path("<int:pk>/antwoorden/", views.mediation_answer_view, name="mediation_answer"),
    path("<int:pk>/intrekken/", views.mediation_withdraw_view, name="mediation_withdraw"),
]
