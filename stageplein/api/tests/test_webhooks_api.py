"""A system manages its own webhooks through the API (scope webhooks:manage): it never sees or
touches another system's, a person's token is sent to the keys page, addresses inside our
network are refused with a problem, and the secret is in the creation answer only."""

from __future__ import annotations

import time

import pytest

from stageplein.api import services
from stageplein.api.access import scopes_for_kind
from stageplein.api.models import WebhookSubscription
from stageplein.api.tests.conftest import bearer, token_for
from stageplein.api.tests.receiver import receiver
from stageplein.api.webhooks import signing


def system_for(world, school, scopes=None):
    issued = services.api_client_create(
        by=world.users["admin"],
        name="sis",
        kind="school",
        owner_id=school.pk,
        scopes=scopes or list(scopes_for_kind("school")),
    )
    return bearer(token_for(issued.client_id, issued.client_secret)), issued.client


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True


def test_a_system_adds_tests_and_reads_the_log_of_its_webhook(
    world, django_capture_on_commit_callbacks
):
    api, client = system_for(world, world.school)
    with receiver() as hook:
        made = api.post(
            "/api/v1/webhooks/",
            {"url": hook.url, "events": ["hours.verified", "reaction.decided"]},
            format="json",
        )
        assert made.status_code == 201, made.json()
        secret = made.json()["secret"]
        assert secret.startswith("whsec_")
        pk = made.json()["id"]
        assert "secret" not in api.get(f"/api/v1/webhooks/{pk}/").json()
        with django_capture_on_commit_callbacks(execute=True):
            sent = api.post(f"/api/v1/webhooks/{pk}/test/")
        assert sent.status_code == 202
        assert len(hook.requests) == 1
        request = hook.requests[0]
        assert signing.verify(secret, request.headers, request.body, now=int(time.time()))
        log = api.get(f"/api/v1/webhooks/{pk}/deliveries/").json()["results"]
        assert log[0]["type"] == "webhook.test" and log[0]["status"] == "succeeded"
        assert log[0]["attempt_log"][0]["status_code"] == 200
        assert log[0]["event"] == request.headers["webhook-id"]
        with django_capture_on_commit_callbacks(execute=True):
            again = api.post(f"/api/v1/webhooks/{pk}/deliveries/{log[0]['id']}/replay/")
        assert again.status_code == 202
        assert [r.headers["webhook-id"] for r in hook.requests] == [log[0]["event"]] * 2
    assert [w["id"] for w in api.get("/api/v1/webhooks/").json()] == [pk]
    assert api.delete(f"/api/v1/webhooks/{pk}/").status_code == 204
    assert not WebhookSubscription.objects.filter(client=client).exists()


def test_one_system_never_sees_or_touches_another_systems_webhooks(world):
    ours, _ = system_for(world, world.school)
    theirs, _ = system_for(world, world.other_school)
    pk = ours.post(
        "/api/v1/webhooks/",
        {"url": "https://hooks.example/", "events": ["hours.verified"]},
        format="json",
    ).json()["id"]
    assert theirs.get("/api/v1/webhooks/").json() == []
    assert theirs.get(f"/api/v1/webhooks/{pk}/").status_code == 404
    assert theirs.delete(f"/api/v1/webhooks/{pk}/").status_code == 404
    assert theirs.post(f"/api/v1/webhooks/{pk}/test/").status_code == 404
    assert theirs.get(f"/api/v1/webhooks/{pk}/deliveries/").status_code == 404
    assert WebhookSubscription.objects.filter(pk=pk).exists()


def test_bad_input_is_a_problem_not_a_webhook(world, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    api, _ = system_for(world, world.school)
    cases = [
        ({"url": "https://10.0.0.1/", "events": ["hours.verified"]}, 422),
        ({"url": "https://hooks.example/", "events": ["webhook.test"]}, 400),
        ({"url": "https://hooks.example/", "events": []}, 400),
        ({"url": "not an address", "events": ["hours.verified"]}, 400),
        ({"url": "https://hooks.example/", "events": ["hours.verified"], "extra": 1}, 400),
    ]
    for body, status in cases:
        answer = api.post("/api/v1/webhooks/", body, format="json")
        assert answer.status_code == status, (body, answer.json())
        assert answer["Content-Type"] == "application/problem+json"
    assert not WebhookSubscription.objects.exists()


def test_events_outside_the_clients_scopes_and_callers_without_a_client_are_refused(
    world, personal
):
    api, _ = system_for(world, world.school, scopes=["students:read", "webhooks:manage"])
    answer = api.post(
        "/api/v1/webhooks/",
        {"url": "https://hooks.example/", "events": ["hours.verified"]},
        format="json",
    )
    assert answer.status_code == 422
    without_scope, _ = system_for(world, world.school, scopes=["hours:read"])
    assert without_scope.get("/api/v1/webhooks/").status_code == 403
    assert personal("coordinator").get("/api/v1/webhooks/").status_code == 403
