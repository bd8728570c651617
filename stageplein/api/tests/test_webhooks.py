"""Webhooks end to end: a real HTTP receiver on 127.0.0.1 (a thread) gets the events a client
subscribed to, signed as Standard Webhooks says, checks each signature, and answers; failures
are retried with back-off, repeated failures switch the webhook off and tell its owner;
addresses inside our network are refused; an event id is sent once per subscription and again
only on a replay, with the same id."""

from __future__ import annotations

import datetime
import json
import socket

import pytest
from django.core import mail
from django.utils import timezone

from stageplein.api import services
from stageplein.api.models import (
    ApiClient,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from stageplein.api.tests.receiver import Receiver, receiver
from stageplein.api.webhooks import services as webhooks
from stageplein.api.webhooks import signing, transport
from stageplein.api.webhooks.tasks import deliver_webhook
from stageplein.applications.services import application_decline
from stageplein.internships.services import hour_entry_verify, internship_close
from stageplein.placements.services import placement_close, placement_publish


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True


@pytest.fixture
def hook():
    with receiver() as r:
        yield r


def client_of(world, owner: str = "school", scopes: list[str] | None = None) -> ApiClient:
    kind, owner_id, by = {
        "school": ("school", world.school.pk, world.users["coordinator"]),
        "other_school": ("school", world.other_school.pk, world.users["other_coordinator"]),
        "broker": ("broker", world.broker.pk, world.users["broker"]),
    }[owner]
    return services.api_client_create(
        by=by,
        name=f"{owner} system",
        kind=kind,
        owner_id=owner_id,
        scopes=scopes or list(services.scopes_for_kind(kind)),
    ).client


def subscribe(world, hook: Receiver, events: list[str], owner: str = "school"):
    client = client_of(world, owner)
    return webhooks.subscription_create(
        client=client, url=hook.url, events=events, by=client.created_by
    )


def verified(hook: Receiver, secret: str) -> list[dict]:
    """The bodies of the requests whose signature checks out (what a receiver accepts)."""
    now = int(timezone.now().timestamp())
    return [
        json.loads(r.body) for r in hook.requests if signing.verify(secret, r.headers, r.body, now)
    ]


def test_the_standard_webhooks_test_vector():
    # The example of the Standard Webhooks specification (its reference libraries' tests).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected
    headers = signing.headers(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signing.verify(secret, headers, body, now=1614265330)
    assert not signing.verify(secret, headers, body + b" ", now=1614265330)
    assert not signing.verify(secret, headers, body, now=1614265330 + 301)  # too old
    assert not signing.verify(signing.new_secret(), headers, body, now=1614265330)


def test_verified_hours_reach_the_school_system_signed_once(
    world, hook, django_capture_on_commit_callbacks
):
    subscription, secret = subscribe(world, hook, ["hours.verified"])
    entry = world.waiting_entry
    with django_capture_on_commit_callbacks(execute=True):
        assert hour_entry_verify(entry=entry, by=world.users["supervisor"], method="link")
    bodies = verified(hook, secret)
    assert len(hook.requests) == 1 and len(bodies) == 1
    body = bodies[0]
    assert body["type"] == "hours.verified"
    assert body["data"]["id"] == entry.pk and body["data"]["status"] == "verified"
    assert body["data"]["student_number"] == world.student.student_number
    # The webhook-id is the event id that the body carries: receivers deduplicate by it.
    assert hook.requests[0].headers["webhook-id"] == body["id"]
    assert hook.requests[0].path == "/hooks/stageplein"
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.attempts == 1
    attempt = delivery.attempt_log.get()
    assert attempt.status_code == 200 and attempt.response_body == '{"ok": true}'


def test_another_school_hears_nothing_of_our_students(
    world, hook, django_capture_on_commit_callbacks
):
    subscribe(world, hook, ["hours.verified", "certificate.issued"], owner="other_school")
    with django_capture_on_commit_callbacks(execute=True):
        hour_entry_verify(entry=world.waiting_entry, by=world.users["supervisor"], method="link")
    assert hook.requests == []
    assert not WebhookEvent.objects.exists()  # nobody may see it: not even recorded


def test_a_client_subscribes_only_to_events_of_its_scopes(world, hook):
    client = client_of(world, scopes=["students:read"])
    with pytest.raises(webhooks.WebhookError):
        webhooks.subscription_create(
            client=client, url=hook.url, events=["hours.verified"], by=client.created_by
        )


def test_placements_published_and_closed_reach_schools_and_brokers(
    world, hook, django_capture_on_commit_callbacks
):
    _, school_secret = subscribe(world, hook, ["placement.published", "placement.closed"])
    with receiver() as broker_hook:
        _, broker_secret = subscribe(
            world, broker_hook, ["placement.published", "placement.closed"], owner="broker"
        )
        by = world.users["provider_contact"]
        with django_capture_on_commit_callbacks(execute=True):
            placement_close(placement=world.placement, by=by)
        with django_capture_on_commit_callbacks(execute=True):
            placement_publish(placement=world.placement, by=by)
        with django_capture_on_commit_callbacks(execute=True):
            placement_close(placement=world.placement, by=by)
        broker_kinds = [b["type"] for b in verified(broker_hook, broker_secret)]
    # The broker sees its region's placements in any state; the school searches published
    # ones, and hears of the closing of one it was told had been published.
    assert broker_kinds == ["placement.closed", "placement.published", "placement.closed"]
    school = verified(hook, school_secret)
    assert [b["type"] for b in school] == ["placement.published", "placement.closed"]
    assert school[0]["data"]["id"] == world.placement.pk
    assert school[0]["data"]["periods"][0]["free"] >= 0


def test_reactions_decided_and_internships_completed(
    world, hook, django_capture_on_commit_callbacks
):
    _, secret = subscribe(world, hook, ["reaction.decided", "internship.completed"])
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(
            application=world.application, by=world.users["provider_contact"], reason="Vol"
        )
    with django_capture_on_commit_callbacks(execute=True):
        internship_close(
            internship=world.internship, by=world.users["coordinator"], status="completed"
        )
    bodies = verified(hook, secret)
    assert [b["type"] for b in bodies] == ["reaction.decided", "internship.completed"]
    assert bodies[0]["data"]["status"] == "declined"
    assert bodies[1]["data"]["status"] == "completed"


def test_a_failed_delivery_is_retried_later_with_back_off(world, hook, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["webhooks"]}
    }
    from django_tasks_db.models import DBTaskResult

    subscription, secret = subscribe(world, hook, ["hours.verified"])
    delivery = webhooks.test_event_send(subscription=subscription)
    hook.answers = [503]
    before = timezone.now()
    deliver_webhook.func(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at is not None
    wait = delivery.next_attempt_at - before
    assert datetime.timedelta(seconds=30) <= wait <= datetime.timedelta(seconds=34)
    retry = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
    assert retry.run_after == delivery.next_attempt_at and retry.args_kwargs["args"] == [
        delivery.pk
    ]
    deliver_webhook.func(delivery.pk)  # the worker runs it when it is due
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED and delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log.order_by("number")] == [503, 200]
    # Both attempts carried the same event id; the receiver accepts both signatures.
    assert len({r.headers["webhook-id"] for r in hook.requests}) == 1
    assert len(verified(hook, secret)) == 2
    subscription.refresh_from_db()
    assert subscription.failures_in_a_row == 0


def test_the_back_off_doubles_up_to_six_hours():
    waits = [webhooks.retry_delay(n).total_seconds() for n in range(1, 13)]
    assert 30 <= waits[0] <= 33 and 60 <= waits[1] <= 66 and 240 <= waits[3] <= 264
    assert all(w <= 6 * 3600 * 1.1 for w in waits) and waits[-1] >= 6 * 3600


def test_a_delivery_gives_up_after_the_last_attempt(world, hook, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscription, _ = subscribe(world, hook, ["hours.verified"])
    delivery = webhooks.test_event_send(subscription=subscription)
    hook.answers = [500, 500]
    webhooks.delivery_attempt(delivery.pk)
    assert webhooks.delivery_attempt(delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED and delivery.next_attempt_at is None
    assert webhooks.delivery_attempt(delivery.pk) is None  # nothing more is sent
    assert len(hook.requests) == 2


def test_repeated_failures_switch_the_webhook_off_and_tell_the_owner(
    world, hook, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    subscription, _ = subscribe(world, hook, ["hours.verified"])
    hook.answers = [500] * 10
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            delivery = webhooks.test_event_send(subscription=subscription)
            webhooks.delivery_attempt(delivery.pk)
    subscription.refresh_from_db()
    assert subscription.disabled_at is not None and subscription.failures_in_a_row == 3
    assert len(hook.requests) == 3  # the fourth was not sent: the webhook is off
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["coordinator"].email]
    assert f"/api-sleutels/webhook/{subscription.pk}/" in message.body
    # Off: new events are not recorded for it; on again, a replay sends what waited.
    with django_capture_on_commit_callbacks(execute=True):
        hour_entry_verify(entry=world.waiting_entry, by=world.users["supervisor"], method="link")
    assert not WebhookDelivery.objects.filter(event__kind="hours.verified").exists()
    webhooks.subscription_enable(subscription=subscription)
    hook.answers = []
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.delivery_replay(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED


def test_a_replay_sends_the_same_event_id_and_a_duplicate_task_sends_nothing(
    world, hook, django_capture_on_commit_callbacks
):
    subscription, secret = subscribe(world, hook, ["hours.verified"])
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.test_event_send(subscription=subscription)
    deliver_webhook.func(delivery.pk)  # the same task twice (a worker retried it)
    assert len(hook.requests) == 1
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.delivery_replay(delivery=delivery)
    ids = [r.headers["webhook-id"] for r in hook.requests]
    assert len(ids) == 2 and ids[0] == ids[1]
    assert [b["type"] for b in verified(hook, secret)] == ["webhook.test", "webhook.test"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://user:pw@hooks.example/hook",
        "ftp://hooks.example/hook",
    ],
)
def test_addresses_inside_our_network_are_refused(world, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_ALLOW_HTTP = False
    client = client_of(world)
    with pytest.raises(webhooks.WebhookError):
        webhooks.subscription_create(
            client=client, url=url, events=["hours.verified"], by=client.created_by
        )


def fake_dns(monkeypatch, *addresses: str) -> None:
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(transport.socket, "getaddrinfo", getaddrinfo)


def test_a_name_that_resolves_inside_is_refused_at_every_send(world, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_ALLOW_HTTP = False
    client = client_of(world)
    subscription, _ = webhooks.subscription_create(
        client=client, url="https://hooks.example/in", events=["hours.verified"], by=None
    )
    # The name pointed outside when it was added; now (DNS rebinding) one answer is inside.
    fake_dns(monkeypatch, "93.184.216.34", "127.0.0.1")
    delivery = webhooks.test_event_send(subscription=subscription)
    webhooks.delivery_attempt(delivery.pk)
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and "internet" in attempt.error
    with pytest.raises(transport.AddressRefused):
        transport.resolve("https://hooks.example/in")
    fake_dns(monkeypatch, "93.184.216.34")
    assert transport.resolve("https://hooks.example/in").address == "93.184.216.34"


def test_plain_http_only_while_allowed(world, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(transport.AddressRefused):
        transport.check_url("http://hooks.example/")
    settings.WEBHOOK_ALLOW_HTTP = True
    transport.check_url("http://hooks.example/")


def test_a_receiver_that_does_not_answer_is_a_failed_attempt(world, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        client = client_of(world)
        subscription, _ = webhooks.subscription_create(
            client=client,
            url=f"http://127.0.0.1:{listener.getsockname()[1]}/",
            events=["hours.verified"],
            by=None,
        )
        delivery = webhooks.test_event_send(subscription=subscription)
        webhooks.delivery_attempt(delivery.pk)
    finally:
        listener.close()
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None and "timed out" in attempt.error


def test_the_owner_adds_a_webhook_sees_the_secret_once_and_sends_a_test_event(
    world, hook, client_as, django_capture_on_commit_callbacks
):
    client = client_of(world)
    browser = client_as("coordinator")
    page = f"/api-sleutels/systeem/{client.pk}/webhooks/"
    response = browser.post(page, {"url": hook.url, "events": ["hours.verified"]})
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get(client=client)
    assert subscription.secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert subscription.secret not in browser.get(page).content.decode()  # once
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"/api-sleutels/webhook/{subscription.pk}/test/")
    assert response.status_code == 302
    assert [b["type"] for b in verified(hook, subscription.secret)] == ["webhook.test"]
    log = browser.get(f"/api-sleutels/webhook/{subscription.pk}/").content.decode()
    assert "webhook.test" in log and "HTTP 200" in log and "{&quot;ok&quot;: true}" in log
    # Another school's coordinator finds neither the client's webhooks nor the log.
    other = client_as("other_coordinator")
    assert other.get(page).status_code == 404
    assert other.get(f"/api-sleutels/webhook/{subscription.pk}/").status_code == 404


def test_the_form_refuses_an_address_inside_our_network(world, client_as, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    client = client_of(world)
    response = client_as("coordinator").post(
        f"/api-sleutels/systeem/{client.pk}/webhooks/",
        {"url": "https://192.168.0.10/hook", "events": ["hours.verified"]},
    )
    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


def test_every_delivery_matches_the_webhooks_section_of_the_openapi_document(
    world, hook, django_capture_on_commit_callbacks
):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer
    from jsonschema import Draft202012Validator

    document = json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    kinds = [
        "hours.verified",
        "certificate.issued",
        "internship.completed",
        "reaction.decided",
        "placement.closed",
    ]
    subscription, secret = subscribe(world, hook, kinds)
    with django_capture_on_commit_callbacks(execute=True):
        hour_entry_verify(entry=world.waiting_entry, by=world.users["supervisor"], method="link")
        application_decline(
            application=world.application, by=world.users["provider_contact"], reason="Vol"
        )
        internship_close(
            internship=world.internship, by=world.users["coordinator"], status="completed"
        )
        webhooks.test_event_send(subscription=subscription)
    bodies = verified(hook, secret)
    assert {b["type"] for b in bodies} >= {
        "hours.verified",
        "reaction.decided",
        "internship.completed",
        "webhook.test",
    }
    for body in bodies:
        operation = document["webhooks"][body["type"]]["post"]
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        validator = Draft202012Validator({"$ref": ref, "components": document["components"]})
        errors = [e.message for e in validator.iter_errors(body)]
        assert errors == [], (body["type"], errors)


def test_the_receiver_example_in_the_docs_accepts_our_signatures():
    from pathlib import Path

    from django.conf import settings as django_settings

    text = (Path(django_settings.BASE_DIR) / "docs" / "api.md").read_text()
    start = text.index('"""Receive Stageplein\'s webhooks')
    code = text[start : text.index("```", start)]
    secret = signing.new_secret()
    code = code.replace('SECRET = "whsec_…"', f'SECRET = "{secret}"')
    code = code.replace('HTTPServer(("127.0.0.1", 8080), Hooks).serve_forever()', "")
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own document
    body = b'{"id":"evt_1","type":"webhook.test"}'
    headers = signing.headers(secret, "evt_1", int(timezone.now().timestamp()), body)
    assert namespace["valid"](headers, body)
    assert not namespace["valid"](headers, body + b" ")
