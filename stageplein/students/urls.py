from django.urls import path

from stageplein.students import staff_views, views

urlpatterns = [
    path("normen/", views.hour_norms, name="hour_norms"),
    path("scholen/<int:pk>/team/", staff_views.school_staff, name="school_staff"),
]
