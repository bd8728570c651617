"""The real path: a verification is committed, the delivery task waits in django-tasks-db's
queue, and ``manage.py worker`` (another process) sends it to a receiver on 127.0.0.1 that
checks the signature. Nothing is queued before the commit, and nothing at all when the change
is rolled back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from stageplein.api.models import WebhookDelivery, WebhookEvent
from stageplein.api.tests.receiver import receiver
from stageplein.api.tests.test_webhooks import client_of, verified
from stageplein.api.webhooks import services as webhooks
from stageplein.internships.models import HourEntry
from stageplein.internships.services import hour_entry_verify

BASE = Path(__file__).resolve().parents[3]
QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email", "push", "webhooks"],
    }
}


def queued_deliveries() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").count()


@pytest.mark.concurrency
def test_the_worker_delivers_after_the_commit_and_never_a_rolled_back_change(
    transactional_world, settings
):
    world = transactional_world
    settings.TASKS = QUEUE
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True
    with receiver() as hook:
        client = client_of(world)
        subscription, secret = webhooks.subscription_create(
            client=client, url=hook.url, events=["hours.verified"], by=client.created_by
        )
        entry = world.waiting_entry
        second = HourEntry.objects.create(
            internship=entry.internship,
            date=entry.date,
            hours=1,
            description="Nog een middag",
            submitted_by=entry.submitted_by,
        )
        with transaction.atomic():
            hour_entry_verify(entry=entry, by=world.users["supervisor"], method="link")
            # Inside the transaction: the delivery is written, its task not yet queued.
            assert WebhookDelivery.objects.count() == 1
            assert queued_deliveries() == 0
        assert queued_deliveries() == 1  # queued by on_commit
        with pytest.raises(RuntimeError), transaction.atomic():
            hour_entry_verify(entry=second, by=world.users["supervisor"], method="link")
            raise RuntimeError("the verification is undone")
        assert WebhookEvent.objects.count() == 1 and queued_deliveries() == 1

        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TASKS_BACKEND": "db",
            "DEBUG": "true",
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
        }
        worker = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.05",
                "--queue-name",
                "webhooks",
            ],
            cwd=BASE,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert worker.returncode == 0, worker.stderr[-2000:]
        bodies = verified(hook, secret)
    assert len(hook.requests) == 1 and len(bodies) == 1
    assert bodies[0]["type"] == "hours.verified" and bodies[0]["data"]["id"] == entry.pk
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
