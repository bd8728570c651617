from django.urls import path

from stageplein.planning import views

urlpatterns = [
    path("jaarkalender/", views.school_calendar, name="calendar_school"),
    path("jaarkalender/nieuw/", views.window_create, name="calendar_window_create"),
    path("jaarkalender/<int:pk>/bewerken/", views.window_edit, name="calendar_window_edit"),
    path(
        "jaarkalender/<int:pk>/verwijderen/",
        views.window_delete_view,
        name="calendar_window_delete",
    ),
    path(
        "jaarkalender/<int:pk>/verplaatsing-voorstellen/",
        views.window_move_propose_view,
        name="calendar_window_move_propose",
    ),
    path("jaarkalender/regio/", views.region_calendar, name="calendar_region"),
    path("jaarkalender/regio/samenvatting/", views.calendar_summary, name="calendar_summary"),
    path(
        "jaarkalender/regio/stageperiodes/",
        views.region_windows_view,
        name="calendar_region_windows",
    ),
    path("streefgetallen/", views.target_list, name="target_list"),
    path("streefgetallen/nieuw/", views.target_create, name="target_create"),
    path("streefgetallen/<int:pk>/bewerken/", views.target_edit, name="target_edit"),
    path("streefgetallen/<int:pk>/verwijderen/", views.target_delete_view, name="target_delete"),
]
