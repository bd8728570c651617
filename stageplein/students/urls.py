from django.urls import path

from stageplein.students import views

urlpatterns = [
    path("normen/", views.hour_norms, name="hour_norms"),
]
