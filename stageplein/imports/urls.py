from django.urls import path

from stageplein.imports import views

urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/kolommen/", views.import_mapping, name="import_mapping"),
    path("<int:pk>/controle/", views.import_preview, name="import_preview"),
]
