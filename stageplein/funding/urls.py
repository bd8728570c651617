from django.urls import path

from stageplein.funding import views

urlpatterns = [
    path("", views.funding_overview, name="funding_overview"),
    path("gemeente/<str:code>/", views.funding_municipality, name="funding_municipality"),
    path("makelaar/<int:pk>/", views.funding_broker, name="funding_broker"),
    path("makelaar/<int:pk>/leerlingen/", views.funding_students, name="funding_students"),
]
