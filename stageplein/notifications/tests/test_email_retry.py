"""A failing mail server: the failure is recorded where an admin sees it, and the task fails
(django-tasks-db keeps it, with traceback, in its admin) after queueing a retry."""

import pytest

from stageplein.notifications import tasks
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_failed_email_is_recorded_and_retried_later(world, monkeypatch):
    def broken(**kwargs):
        raise ConnectionRefusedError("mail server down")

    retries = []
    monkeypatch.setattr(tasks, "send_mail", broken)
    monkeypatch.setattr(tasks, "_retry_later", lambda t, attempts, *a: retries.append(attempts))
    n = Notification.objects.create(recipient=world.users["mentor"], kind="x", title="Hallo")
    with pytest.raises(ConnectionRefusedError):
        tasks.send_notification_email.call(n.pk)
    n.refresh_from_db()
    assert n.emailed_at is None
    assert n.email_attempts == 1
    assert "mail server down" in n.email_error
    assert retries == [1]

    monkeypatch.undo()
    tasks.send_notification_email.call(n.pk)
    n.refresh_from_db()
    assert n.emailed_at is not None and n.email_error == ""


def test_retry_is_deferred_with_back_off_on_the_database_backend(world, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    from django_tasks_db.models import DBTaskResult

    tasks._retry_later(tasks.send_notification_email, 2, 42)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [42]
    assert (queued.run_after - queued.enqueued_at).total_seconds() >= 3.5 * 60
    tasks._retry_later(tasks.send_notification_email, tasks.MAX_EMAIL_ATTEMPTS, 42)
    assert DBTaskResult.objects.count() == 1  # gives up after the last attempt
