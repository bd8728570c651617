from django.urls import path

from stageplein.signin import oidc, views

urlpatterns = [
    # allauth's openid_connect views with the stricter adapter (signin/oidc.py); same paths and
    # names, listed before allauth's URLs (stageplein/urls.py), so these answer.
    path("accounts/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path("scholen/<int:pk>/inlogkaarten/", views.cards, name="signin_cards"),
    path("scholen/<int:pk>/inlogkaarten/afdrukken/", views.cards_print, name="signin_cards_print"),
    path("leerlingen/<int:pk>/inlogkaart/", views.card_reissue, name="signin_card_reissue"),
    path("inloggen/kaart/", views.card_signin, name="signin_card"),
    path("inloggen/kaart/<str:code>/", views.card_signin_link, name="signin_card_link"),
    path("inloggen/welkom/", views.welcome, name="signin_welcome"),
    path("scholen/<int:pk>/klas-inloggen/", views.class_start, name="class_signin_start"),
    path("klas-inloggen/<int:pk>/", views.class_screen, name="class_signin_screen"),
    path("klas-inloggen/<int:pk>/sluiten/", views.class_close, name="class_signin_close"),
    path("inloggen/klas/", views.class_signin, name="class_signin"),
    path("inloggen/klas/namen/", views.class_signin_names, name="class_signin_names"),
    path("account/tweestaps/", views.second_factor_required, name="second_factor_required"),
    path(
        "account/tweestaps/herstellen/<int:pk>/",
        views.second_factor_reset,
        name="second_factor_reset",
    ),
]
