"""Webhooks: what an event costs the change that causes it, and how fast one worker delivers.

1. The hour verification with no webhook at all, and with 10 subscribed webhooks (the event
   and its deliveries are written in the verification's transaction): median of 30 each.
2. 200 deliveries, one after another as one worker runs them, to a receiver on 127.0.0.1.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_webhooks .venv/bin/python bench/webhooks.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = "true"

import django

django.setup()
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from stageplein.api import services
        from stageplein.api.access import scopes_for_kind
        from stageplein.api.models import WebhookDelivery
        from stageplein.api.tests.receiver import receiver
        from stageplein.api.webhooks import services as webhooks
        from stageplein.core.reference_data import ensure_reference_data
        from stageplein.internships.models import HourEntry
        from stageplein.internships.services import hour_entry_verify
        from tests.support.world import build_world

        ensure_reference_data()
        world = build_world()
        base = world.waiting_entry

        def verify_times(n: int) -> list[float]:
            times = []
            for i in range(n):
                entry = HourEntry.objects.create(
                    internship=base.internship,
                    date=base.date,
                    hours=1,
                    description=f"bench {i}",
                    submitted_by=base.submitted_by,
                )
                started = time.perf_counter()
                with transaction.atomic():
                    hour_entry_verify(entry=entry, by=world.users["supervisor"], method="link")
                times.append(time.perf_counter() - started)
            return times

        none = verify_times(30)
        with receiver() as hook:
            client = services.api_client_create(
                by=world.users["coordinator"],
                name="bench",
                kind="school",
                owner_id=world.school.pk,
                scopes=list(scopes_for_kind("school")),
            ).client
            subscriptions = [
                webhooks.subscription_create(
                    client=client, url=hook.url, events=["hours.verified"], by=None
                )[0]
                for _ in range(10)
            ]
            ten = verify_times(30)
            pending = list(
                WebhookDelivery.objects.filter(status="pending").values_list("pk", flat=True)
            )
            for _ in range(200 - len(pending)):
                pending.append(webhooks.test_event_send(subscription=subscriptions[0]).pk)
            pending = pending[:200]
            started = time.perf_counter()
            for pk in pending:
                webhooks.delivery_attempt(pk)
            took = time.perf_counter() - started
            received = len(hook.requests)
        print(f"verification, no webhook:      median {statistics.median(none) * 1000:.1f} ms")
        print(f"verification, 10 webhooks:     median {statistics.median(ten) * 1000:.1f} ms")
        print(
            f"200 deliveries, one worker:    {took:.2f} s ({200 / took:.0f}/s), {received} received"
        )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
