from django.urls import path

from stageplein.documents import views

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("nieuw/", views.document_create_view, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/nieuwe-versie/", views.document_version_create, name="document_version_create"),
    path("versie/<int:pk>/download/", views.document_download, name="document_download"),
]
