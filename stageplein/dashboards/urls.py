from django.urls import path

from stageplein.dashboards import views

urlpatterns = [
    path("school/", views.dashboard_school, name="dashboard_school"),
    path("school/leerlingen/", views.dashboard_students, name="dashboard_students"),
    path("makelaar/", views.dashboard_broker, name="dashboard_broker"),
    path("makelaar/zonder-plek/", views.dashboard_unplaced, name="dashboard_unplaced"),
    path("gemeente/", views.dashboard_municipality, name="dashboard_municipality"),
    path("landelijk/", views.dashboard_national, name="dashboard_national"),
]
