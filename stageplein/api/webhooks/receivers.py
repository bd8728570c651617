"""Turns the domain events of the lower layers (core/events.py) into webhook deliveries."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from stageplein.api.webhooks import services
from stageplein.core.events import domain_event

logger = logging.getLogger(__name__)


@receiver(domain_event)
def record_webhook_event(sender: Any, *, kind: str, pk: int, **kwargs: Any) -> None:
    # Most changes have no subscriber at all: one cheap query, no savepoint.
    if not services.subscribed(kind):
        return
    # In a savepoint, and never raising: a fault in a webhook must not undo the verification
    # of hours or the closing of a placement that announced it (it is logged instead).
    try:
        with transaction.atomic():
            services.event_record(kind, pk)
    except Exception:
        logger.exception("recording webhook event %s %s failed", kind, pk)
