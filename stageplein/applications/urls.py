from django.urls import path

from stageplein.applications import school_views, views, waiting_list_views

urlpatterns = [
    # The placement page and the provider's list of placements show the reactions, so they are
    # served from here (placements/urls.py has the other placement pages).
    path("stageplaatsen/beheer/", views.placement_manage_list, name="placement_manage_list"),
    path("stageplaatsen/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("stageplaatsen/<int:pk>/reageren/", views.application_create, name="application_create"),
    path(
        "stageplaatsen/<int:pk>/reageren-namens/",
        school_views.application_create_for_student,
        name="application_create_for_student",
    ),
    path(
        "stageplaatsen/<int:pk>/wachtlijst/",
        waiting_list_views.waiting_list_join_view,
        name="waiting_list_join",
    ),
    path("wachtlijst/", waiting_list_views.waiting_list_view, name="waiting_list"),
    path(
        "wachtlijst/<int:pk>/aannemen/",
        waiting_list_views.waiting_list_accept_view,
        name="waiting_list_accept",
    ),
    path(
        "wachtlijst/<int:pk>/verlaten/",
        waiting_list_views.waiting_list_leave_view,
        name="waiting_list_leave",
    ),
    path("reacties/", views.application_list, name="application_list"),
    path("reacties/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "reacties/<int:pk>/accepteren/",
        views.application_accept_view,
        name="application_accept",
    ),
    path("reacties/<int:pk>/afwijzen/", views.application_decline_view, name="application_decline"),
    path(
        "reacties/<int:pk>/goedkeuren/",
        views.application_approve_view,
        name="application_approve",
    ),
    path(
        "reacties/<int:pk>/intrekken/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("reacties/<int:pk>/signaleren/", views.application_flag_view, name="application_flag"),
    path(
        "reacties/<int:pk>/opgelost/",
        views.application_flag_resolve_view,
        name="application_flag_resolve",
    ),
    path("reacties/<int:pk>/bericht/", views.application_message_view, name="application_message"),
]
