"""The worker's side of webhooks (queue ``webhooks``, run by ``manage.py worker``)."""

from __future__ import annotations

from django.tasks import default_task_backend, task

from stageplein.api.webhooks import services


@task(queue_name="webhooks")
def deliver_webhook(delivery_id: int) -> None:
    """One attempt; a failed one is queued again for later with back-off (services)."""
    retry_at = services.delivery_attempt(delivery_id)
    if retry_at is not None and default_task_backend.supports_defer:
        deliver_webhook.using(run_after=retry_at).enqueue(delivery_id)
