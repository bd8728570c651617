from django.urls import path

from stageplein.api import pages

urlpatterns = [
    path("", pages.api_keys, name="api_keys"),
    path("systeem/", pages.api_client_new, name="api_client_new"),
    path("systeem/<int:pk>/intrekken/", pages.api_client_revoke, name="api_client_revoke"),
    path("token/", pages.api_token_new, name="api_token_new"),
    path("token/<int:pk>/intrekken/", pages.api_token_revoke, name="api_token_revoke"),
]
