from django.urls import path

from stageplein.exports import views

urlpatterns = [
    path("", views.export_list, name="export_list"),
    path("nieuw/", views.export_start, name="export_start"),
    path("<int:pk>/", views.export_detail, name="export_detail"),
    path("<int:pk>/bestand/", views.export_download, name="export_download"),
]
