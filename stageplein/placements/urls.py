from django.urls import path

from stageplein.placements import public_views, review_views, views

urlpatterns = [
    # The public vacancy bank (issue 19): no sign-in needed.
    path("vacaturebank/", public_views.public_search, name="public_search"),
    path("vacaturebank/<int:pk>/", public_views.public_placement, name="public_placement"),
    path(
        "vacaturebank/organisaties/<int:pk>/",
        public_views.public_provider,
        name="public_provider",
    ),
    path(
        "vacaturebank/organisaties/<int:pk>/logo/",
        public_views.public_provider_logo,
        name="public_provider_logo",
    ),
    path(
        "vacaturebank/organisaties/<int:pk>/fotos/<int:photo>/",
        public_views.public_provider_photo,
        name="public_provider_photo",
    ),
    path("robots.txt", public_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", public_views.sitemap_xml, name="sitemap"),
    path("stageplaatsen/", views.placement_search, name="placement_search"),
    path("stageplaatsen/nieuw/", views.placement_create, name="placement_create"),
    path("stageplaatsen/regels/", views.placement_rules, name="placement_rules"),
    path("stageplaatsen/<int:pk>/bewerken/", views.placement_edit, name="placement_edit"),
    path(
        "stageplaatsen/<int:pk>/publiceren/",
        views.placement_publish_view,
        name="placement_publish",
    ),
    path("stageplaatsen/<int:pk>/sluiten/", views.placement_close_view, name="placement_close"),
    path("stageplaatsen/<int:pk>/vernieuwen/", views.placement_renew_view, name="placement_renew"),
    path(
        "stageplaatsen/vernieuwen/<str:token>/",
        views.placement_renew_link,
        name="placement_renew_link",
    ),
    # The reviewers' workspace: organisations (organisations/urls.py) and first placements.
    path("stagebieders/beoordelen/", review_views.review_list, name="provider_review_list"),
    path(
        "stageplaatsen/<int:pk>/beoordelen/",
        review_views.placement_review_view,
        name="placement_review",
    ),
    path(
        "stageplaatsen/<int:pk>/opnieuw-aanbieden/",
        review_views.placement_resubmit_view,
        name="placement_resubmit",
    ),
    path("stageplaatsen/taakregels/", views.task_rule_list, name="task_rule_list"),
    path("stageplaatsen/taakregels/<int:pk>/", views.task_rule_edit, name="task_rule_edit"),
    path(
        "stageplaatsen/taakregels/<int:pk>/verwijderen/",
        views.task_rule_delete_view,
        name="task_rule_delete",
    ),
    path("stageplaatsen/koppelingen/", views.school_link_list, name="school_link_list"),
    path(
        "stageplaatsen/koppelingen/<int:pk>/verwijderen/",
        views.school_link_delete_view,
        name="school_link_delete",
    ),
]
