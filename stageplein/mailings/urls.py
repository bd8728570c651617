from django.urls import path

from stageplein.mailings import views

urlpatterns = [
    path("", views.mailing_list, name="mailing_list"),
    path("nieuw/", views.mailing_create_view, name="mailing_create"),
    path("<int:pk>/", views.mailing_detail, name="mailing_detail"),
    path("<int:pk>/versturen/", views.mailing_send_view, name="mailing_send"),
]
