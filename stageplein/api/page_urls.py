from django.urls import path

from stageplein.api import pages

urlpatterns = [
    path("", pages.api_keys, name="api_keys"),
    path("systeem/", pages.api_client_new, name="api_client_new"),
    path("systeem/<int:pk>/intrekken/", pages.api_client_revoke, name="api_client_revoke"),
    path("token/", pages.api_token_new, name="api_token_new"),
    path("token/<int:pk>/intrekken/", pages.api_token_revoke, name="api_token_revoke"),
    path("systeem/<int:pk>/webhooks/", pages.api_client_webhooks, name="api_client_webhooks"),
    path("webhook/<int:pk>/", pages.webhook_detail, name="webhook_detail"),
    path("webhook/<int:pk>/test/", pages.webhook_test, name="webhook_test"),
    path("webhook/<int:pk>/aanzetten/", pages.webhook_enable, name="webhook_enable"),
    path("webhook/<int:pk>/verwijderen/", pages.webhook_delete, name="webhook_delete"),
    path(
        "webhook/levering/<int:pk>/opnieuw/",
        pages.webhook_delivery_replay,
        name="webhook_delivery_replay",
    ),
]
