"""A task someone waits for on the page (a matching round and its confirmation, an export, an
import) runs before the e-mails queued ahead of it (stageplein/core/queue.py): a broker's
round no longer stands still behind a mailing to a whole region."""

from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from stageplein.exports.tasks import run_export
from stageplein.imports.tasks import run_student_import, send_invitations
from stageplein.mailings.tasks import send_mailing
from stageplein.matching.tasks import compute_run, confirm_run
from stageplein.notifications.tasks import send_notification_email

QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email", "push", "webhooks"],
    }
}
MISSING = 999_999  # every task returns at once for an id that is not there


def test_a_round_queued_behind_a_mailing_is_run_before_its_e_mails(transactional_db):
    with override_settings(TASKS=QUEUE):
        for n in range(20):
            send_notification_email.enqueue(MISSING + n)
        send_mailing.enqueue(MISSING)
        send_invitations.enqueue([])
        waited = [
            compute_run.enqueue(MISSING).id,
            run_export.enqueue(MISSING).id,
            run_student_import.enqueue(MISSING).id,
            confirm_run.enqueue(MISSING).id,
        ]
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
            "--queue-name",
            "*",
            "--worker-id",
            "priority-test",
            verbosity=0,
        )
    started = list(DBTaskResult.objects.order_by("started_at").values_list("id", flat=True))
    assert len(started) == 26
    assert DBTaskResult.objects.filter(started_at=None).count() == 0
    # The four waited-for tasks first, in the order they were queued; then the e-mails.
    assert [str(pk) for pk in started[:4]] == waited
