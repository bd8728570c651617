from django.urls import path

from stageplein.simulation import views

urlpatterns = [
    path("simulatie/", views.simulation_list, name="simulation_list"),
    path("simulatie/<int:pk>/", views.simulation_detail, name="simulation_detail"),
    path("simulatie/vergelijk/", views.simulation_compare, name="simulation_compare"),
]
