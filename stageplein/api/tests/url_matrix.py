"""The API as each role reads it in the browser (session): the same answers as the web UI's
access modules give (403 to roles without the list, 404 to outsiders), 401 without a key.
The POST rows send a form body, so a role that may write gets 415 (the API takes JSON only)."""

import uuid

from django.urls import reverse
from django.utils import timezone

from stageplein.api import services
from stageplein.api.models import (
    ApiClient,
    PersonalToken,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from tests.support.url_matrix import Row

PUBLIC = {"anonymous": 200}
STUDENT_LIST = {
    "anonymous": 401,
    "coordinator": 200,
    "mentor": 200,
    "broker": 200,
    "admin": 200,
    "other_coordinator": 200,
}
SEARCHERS = {"anonymous": 401, "municipality": 403, "national": 403}
# One student's record: everyone who may see that student, 404 to all others.
ABOUT_ONE_STUDENT = {
    "anonymous": 401,
    "municipality": 404,
    "national": 404,
    "other_coordinator": 404,
    "other_provider_contact": 404,
}
WRITERS = {"anonymous": 401, "coordinator": 415, "admin": 415, "other_coordinator": 415}

ROWS = {
    "api_schema": Row(lambda w: reverse("api_schema"), PUBLIC, default=200),
    "api_docs": Row(lambda w: reverse("api_docs"), PUBLIC, default=200),
    "api_students": Row(lambda w: reverse("api_students"), STUDENT_LIST, default=403),
    "api_students_bulk": Row(
        lambda w: reverse("api_students_bulk"), WRITERS, default=403, method="POST"
    ),
    "api_student": Row(
        lambda w: reverse("api_student", args=[w.student.pk]),
        ABOUT_ONE_STUDENT,
        default=200,
    ),
    "api_student_leave": Row(
        lambda w: reverse("api_student_leave", args=[w.student.pk]),
        WRITERS,
        default=403,
        method="POST",
    ),
    "api_placements": Row(lambda w: reverse("api_placements"), SEARCHERS, default=200),
    "api_placement": Row(
        lambda w: reverse("api_placement", args=[w.placement.pk]),
        {"anonymous": 401, "municipality": 404, "national": 404, "other_provider_contact": 404},
        default=200,
    ),
    "api_reactions": Row(lambda w: reverse("api_reactions"), SEARCHERS, default=200),
    "api_reaction": Row(
        lambda w: reverse("api_reaction", args=[w.application.pk]),
        ABOUT_ONE_STUDENT,
        default=200,
    ),
    "api_internships": Row(lambda w: reverse("api_internships"), SEARCHERS, default=200),
    "api_internship": Row(
        lambda w: reverse("api_internship", args=[w.internship.pk]),
        ABOUT_ONE_STUDENT,
        default=200,
    ),
    "api_hours": Row(lambda w: reverse("api_hours"), STUDENT_LIST, default=403),
    # A writer without an Idempotency-Key gets 400 before the body is read.
    "api_hour_entries": Row(
        lambda w: reverse("api_hour_entries"),
        {"anonymous": 401, "coordinator": 400, "admin": 400, "other_coordinator": 400},
        default=403,
        method="POST",
    ),
    "api_certificate": Row(
        lambda w: reverse("api_certificate", args=[w.certificate.code]), PUBLIC, default=200
    ),
    "api_figures_municipality": Row(
        lambda w: reverse("api_figures_municipality", args=[w.municipality.pk]),
        {"anonymous": 401, "municipality": 200, "admin": 200},
        default=404,
    ),
    "api_public_placements": Row(lambda w: reverse("api_public_placements"), PUBLIC, default=200),
    "api_figures_schools": Row(
        lambda w: reverse("api_figures_schools"),
        {"anonymous": 401, "municipality": 200, "national": 200, "admin": 200},
        default=403,
    ),
}


def _client_pk(w) -> int:
    """A client of the world's school, made on first use (the world has none of its own)."""
    client = ApiClient.objects.filter(school=w.school).first()
    if client is None:
        client = services.api_client_create(
            by=w.users["coordinator"],
            name="world system",
            kind="school",
            owner_id=w.school.pk,
            scopes=["students:read"],
        ).client
    return client.pk


def _token_pk(w) -> int:
    token = PersonalToken.objects.filter(user=w.users["coordinator"]).first()
    if token is None:
        token, _ = services.personal_token_create(
            user=w.users["coordinator"], name="world", scopes=["students:read"]
        )
    return token.pk


KEY_USERS = {
    "anonymous": 302,
    "student": 403,
    "parent": 403,
    "provider_contact": 403,
    "supervisor": 403,
    "other_provider_contact": 403,
}
# The POST rows send an empty form: allowed roles get the page back with errors (400).
ROWS.update(
    {
        "api_keys": Row(lambda w: reverse("api_keys"), KEY_USERS, default=200),
        "api_client_new": Row(
            lambda w: reverse("api_client_new"),
            {
                "anonymous": 302,
                "coordinator": 400,
                "other_coordinator": 400,
                "broker": 400,
                "municipality": 400,
                "national": 400,
                "admin": 400,
            },
            default=403,
            method="POST",
        ),
        "api_client_revoke": Row(
            lambda w: reverse("api_client_revoke", args=[_client_pk(w)]),
            {"anonymous": 302, "coordinator": 302, "admin": 302},
            default=404,
            method="POST",
        ),
        "api_token_new": Row(
            lambda w: reverse("api_token_new"),
            {**KEY_USERS, "anonymous": 302},
            default=400,
            method="POST",
        ),
        "api_token_revoke": Row(
            lambda w: reverse("api_token_revoke", args=[_token_pk(w)]),
            {"anonymous": 302, "coordinator": 302},
            default=404,
            method="POST",
        ),
    }
)


def _webhook_pk(w) -> int:
    """A webhook of the world's school client (made directly: the matrix needs no events)."""
    client = ApiClient.objects.get(pk=_client_pk(w))
    webhook = client.webhooks.first() or WebhookSubscription.objects.create(
        client=client, url="https://hooks.example/", events=["hours.verified"], secret="whsec_AA=="
    )
    return webhook.pk


def _delivery_pk(w) -> int:
    webhook = WebhookSubscription.objects.get(pk=_webhook_pk(w))
    delivery = webhook.deliveries.first()
    if delivery is None:
        event = WebhookEvent.objects.create(
            id=uuid.uuid4(), kind="webhook.test", payload={}, created_at=timezone.now()
        )
        delivery = WebhookDelivery.objects.create(subscription=webhook, event=event)
    return delivery.pk


# Whoever manages the client (its school's coordinator, the admin) manages its webhooks; to
# everyone else they do not exist (404), like the client itself.
WEBHOOK_PAGE = {"anonymous": 302, "coordinator": 200, "admin": 200}
WEBHOOK_POST = {"anonymous": 302, "coordinator": 302, "admin": 302}
ROWS.update(
    {
        "api_client_webhooks": Row(
            lambda w: reverse("api_client_webhooks", args=[_client_pk(w)]),
            WEBHOOK_PAGE,
            default=404,
        ),
        "webhook_detail": Row(
            lambda w: reverse("webhook_detail", args=[_webhook_pk(w)]), WEBHOOK_PAGE, default=404
        ),
        "webhook_delivery_replay": Row(
            lambda w: reverse("webhook_delivery_replay", args=[_delivery_pk(w)]),
            WEBHOOK_POST,
            default=404,
            method="POST",
        ),
    }
)


def _webhook_action(name: str) -> Row:
    return Row(
        lambda w: reverse(name, args=[_webhook_pk(w)]), WEBHOOK_POST, default=404, method="POST"
    )


ROWS.update(
    {name: _webhook_action(name) for name in ("webhook_test", "webhook_enable", "webhook_delete")}
)


# The API's webhook operations belong to a connected system (its token): a person in the browser
# gets 403 (they use the pages above), without a key 401.
SYSTEMS_ONLY = {"anonymous": 401}
ROWS.update(
    {
        "api_webhooks": Row(lambda w: reverse("api_webhooks"), SYSTEMS_ONLY, default=403),
        "api_webhook": Row(
            lambda w: reverse("api_webhook", args=[_webhook_pk(w)]), SYSTEMS_ONLY, default=403
        ),
        "api_webhook_deliveries": Row(
            lambda w: reverse("api_webhook_deliveries", args=[_webhook_pk(w)]),
            SYSTEMS_ONLY,
            default=403,
        ),
        "api_webhook_test": Row(
            lambda w: reverse("api_webhook_test", args=[_webhook_pk(w)]),
            SYSTEMS_ONLY,
            default=403,
            method="POST",
        ),
        "api_webhook_replay": Row(
            lambda w: reverse("api_webhook_replay", args=[_webhook_pk(w), _delivery_pk(w)]),
            SYSTEMS_ONLY,
            default=403,
            method="POST",
        ),
    }
)
