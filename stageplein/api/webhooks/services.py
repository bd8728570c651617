"""Subscribing, recording events with their deliveries, sending one attempt, disabling.

Order of things: a domain service announces a change (core/events.py); ``event_record`` runs
inside that same transaction and writes the event with one delivery per subscription that may
see the record (an outbox: the deliveries exist exactly when the change was committed); the
delivery tasks are queued with ``transaction.on_commit``, so the worker never looks for a
delivery that is not committed. Each attempt locks its delivery row (``select_for_update``):
two workers holding the same task never send it twice at once, and a delivery that succeeded is
never sent again (the receiver still deduplicates by ``webhook-id``: a replay reuses it).
"""

from __future__ import annotations

import datetime
import json
import random
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.utils.encoders import JSONEncoder

from stageplein.accounts.models import User
from stageplein.accounts.tasks import send_rendered_email
from stageplein.api.models import (
    ApiClient,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookEventKind,
    WebhookSubscription,
)
from stageplein.api.webhooks import signing, transport
from stageplein.api.webhooks.events import KINDS, kinds_for, may_receive
from stageplein.core.links import absolute_url

# Back-off between attempts: 30 s, 1, 2, 4 … minutes, at most 6 hours, with up to 10 % jitter so
# that deliveries to one receiver that was down do not all come back at the same second.
FIRST_DELAY_SECONDS = 30
MAX_DELAY_SECONDS = 6 * 3600
MAX_SUBSCRIPTIONS_PER_CLIENT = 10


class WebhookError(Exception):
    """Shown to the person on the webhooks page."""


def retry_delay(attempt: int) -> datetime.timedelta:
    """The wait after failed attempt number ``attempt`` (1-based)."""
    seconds = min(FIRST_DELAY_SECONDS * 2 ** (attempt - 1), MAX_DELAY_SECONDS)
    return datetime.timedelta(seconds=seconds * (1 + random.random() / 10))


# --- subscriptions ---------------------------------------------------------------------------


def subscription_create(
    *, client: ApiClient, url: str, events: list[str], by: User | None
) -> tuple[WebhookSubscription, str]:
    """Returns the subscription and its secret (shown once)."""
    if client.revoked_at is not None:
        raise WebhookError(_("This client has been revoked."))
    allowed = set(kinds_for(client))
    if not events or not set(events) <= allowed:
        raise WebhookError(_("Choose one or more events this client may receive."))
    try:
        transport.check_url(url)
    except transport.AddressRefused as exc:
        raise WebhookError(str(exc)) from None
    with transaction.atomic():
        # Locking the client makes the cap hold for two forms sent at the same moment.
        ApiClient.objects.select_for_update().get(pk=client.pk)
        if client.webhooks.count() >= MAX_SUBSCRIPTIONS_PER_CLIENT:
            raise WebhookError(_("A client has at most 10 webhooks."))
        secret = signing.new_secret()
        subscription = WebhookSubscription.objects.create(
            client=client,
            url=url,
            events=sorted(set(events)),
            secret=secret,
            created_by=by,
        )
    return subscription, secret


def subscription_delete(*, subscription: WebhookSubscription) -> None:
    subscription.delete()


def subscription_enable(*, subscription: WebhookSubscription) -> None:
    """Switch a disabled subscription on again; deliveries that gave up can be replayed."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        disabled_at=None, disabled_reason="", failures_in_a_row=0
    )


# --- events ----------------------------------------------------------------------------------


def _enqueue_after_commit(delivery_ids: list[int]) -> None:
    from stageplein.api.webhooks.tasks import deliver_webhook  # the task imports this module

    def enqueue() -> None:
        for delivery_id in delivery_ids:
            deliver_webhook.enqueue(delivery_id)

    transaction.on_commit(enqueue)


def _new_event(kind: str, object_id: int | None, data: dict[str, Any]) -> WebhookEvent:
    event_id = uuid.uuid4()
    now = timezone.now()
    payload = {
        "id": f"evt_{event_id.hex}",
        "type": kind,
        "timestamp": now.isoformat(),
        "data": data,
    }
    # Stored as the JSON that will be sent, so that every attempt sends the same bytes; DRF's
    # encoder, so that the body is what the API's own endpoint returns (decimals as numbers).
    payload = json.loads(json.dumps(payload, cls=JSONEncoder))
    return WebhookEvent.objects.create(
        id=event_id, kind=kind, object_id=object_id, payload=payload, created_at=now
    )


def subscribed(kind: str) -> bool:
    return WebhookSubscription.objects.filter(
        disabled_at__isnull=True, client__revoked_at__isnull=True, events__contains=[kind]
    ).exists()


def event_record(kind: str, pk: int) -> WebhookEvent | None:
    """Record an event for the subscriptions that may see the record; None when none does."""
    spec = KINDS.get(kind)
    if spec is None:
        return None
    subscriptions = list(
        WebhookSubscription.objects.filter(
            disabled_at__isnull=True, client__revoked_at__isnull=True, events__contains=[kind]
        ).select_related("client")
    )
    if not subscriptions:
        return None
    earlier: set[int] = set()
    if kind == WebhookEventKind.PLACEMENT_CLOSED:
        # A closed placement is no longer in the search; whoever was told it was published is
        # told it closed.
        earlier = set(
            WebhookDelivery.objects.filter(
                event__kind=WebhookEventKind.PLACEMENT_PUBLISHED, event__object_id=pk
            ).values_list("subscription_id", flat=True)
        )
    receivers = [s for s in subscriptions if s.pk in earlier or may_receive(s.client, kind, pk)]
    if not receivers:
        return None
    data = spec.payload(pk)
    if data is None:
        return None
    event = _new_event(kind, pk, data)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event=event) for s in receivers]
    )
    _enqueue_after_commit([d.pk for d in deliveries])
    return event


def test_event_send(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """The "send test event" button: one event for this subscription only."""
    with transaction.atomic():
        event = _new_event(
            WebhookEventKind.TEST,
            None,
            {"subscription": subscription.pk, "message": "This is a test event from Stageplein."},
        )
        delivery = WebhookDelivery.objects.create(subscription=subscription, event=event)
        _enqueue_after_commit([delivery.pk])
    return delivery


def delivery_replay(*, delivery: WebhookDelivery) -> None:
    """Send again with the same event id (receivers that saw it already skip it)."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=None
        )
        _enqueue_after_commit([delivery.pk])


# --- sending ---------------------------------------------------------------------------------


def delivery_attempt(delivery_id: int) -> datetime.datetime | None:
    """Make one attempt. Returns when to try again (None: done, gave up, or nothing to do)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription__client", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return None
        subscription = delivery.subscription
        if not subscription.active:
            return None  # kept pending: a replay after switching it on sends it
        event = delivery.event
        body = json.dumps(event.payload, separators=(",", ":")).encode()
        timestamp = int(timezone.now().timestamp())
        headers = signing.headers(subscription.secret, event.payload["id"], timestamp, body)
        answer = transport.post(subscription.url, body, headers)
        number = delivery.attempts + 1
        now = timezone.now()
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=now,
            status_code=answer.status_code,
            response_body=answer.body,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
        delivery.attempts = number
        if answer.succeeded:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "attempts", "delivered_at", "next_attempt_at"])
            WebhookSubscription.objects.filter(pk=subscription.pk).update(failures_in_a_row=0)
            return None
        retry_at = None
        if number < settings.WEBHOOK_MAX_ATTEMPTS:
            retry_at = now + retry_delay(number)
        else:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = retry_at
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        _count_failure(subscription)
        return retry_at


def _count_failure(subscription: WebhookSubscription) -> None:
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        failures_in_a_row=F("failures_in_a_row") + 1
    )
    # Guarded: of several workers failing at once exactly one disables it and sends the e-mail.
    disabled = WebhookSubscription.objects.filter(
        pk=subscription.pk,
        disabled_at__isnull=True,
        failures_in_a_row__gte=settings.WEBHOOK_DISABLE_AFTER_FAILURES,
    ).update(
        disabled_at=timezone.now(),
        disabled_reason="too many failed deliveries in a row",
    )
    if disabled:
        _tell_owner_disabled(subscription)


def _tell_owner_disabled(subscription: WebhookSubscription) -> None:
    people = {
        u.email
        for u in (subscription.created_by, subscription.client.created_by)
        if u is not None and u.email and u.is_active
    }
    if not people:
        return
    link = absolute_url(reverse("webhook_detail", args=[subscription.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = "Stageplein: " + gettext("a webhook has been switched off")
        body = gettext(
            "Deliveries to %(url)s of the system “%(client)s” failed %(count)s times in a row, "
            "so we have stopped sending them.\n\nSee what the address answered, and switch the "
            "webhook on again once it works:\n%(link)s\n"
        ) % {
            "url": subscription.url,
            "client": subscription.client.name,
            "count": settings.WEBHOOK_DISABLE_AFTER_FAILURES,
            "link": link,
        }
    recipients = sorted(people)
    transaction.on_commit(
        lambda: send_rendered_email.enqueue(subject=subject, body=body, html="", to=recipients)
    )
