"""A task someone waits for on the page (a matching round and its confirmation, an export, an
import) runs before the e-mails queued ahead of it (stageplein/core/queue.py): a broker's
round no longer stands still behind a mailing to a whole region. A season simulation, which
holds a worker for minutes, has a worker of its own in every way the platform is deployed."""

import re
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from stageplein.exports.tasks import run_export
from stageplein.imports.tasks import run_student_import, send_invitations
from stageplein.mailings.tasks import send_mailing
from stageplein.matching.tasks import compute_run, confirm_run
from stageplein.notifications.tasks import send_notification_email
from stageplein.simulation.tasks import run_simulation

BASE = Path(__file__).resolve().parents[3]

# The production queues (settings.py), read before the tests' immediate backend replaces them.
QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": settings.TASKS["default"]["QUEUES"],
    }
}
MISSING = 999_999  # every task returns at once for an id that is not there


def drain(queue_args: list[str]) -> None:
    """The worker with these queue arguments, until nothing it serves is left."""
    call_command(
        "db_worker",
        *queue_args,
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0",
        "--worker-id",
        "test",
        verbosity=0,
    )


def worker_arguments(path: Path) -> set[tuple[str, ...]]:
    """The queue arguments of every `manage.py worker` a script or unit file starts."""
    found = set()
    for line in path.read_text().splitlines():
        match = re.search(r"manage\.py worker (.*?)\s*&?\s*$", line)
        if match and not line.lstrip().startswith("#"):
            found.add(tuple(shlex.split(match.group(1))))
    return found


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
        drain(["--queue-name", "*"])
    started = list(DBTaskResult.objects.order_by("started_at").values_list("id", flat=True))
    assert len(started) == 26
    assert DBTaskResult.objects.filter(started_at=None).count() == 0
    # The four waited-for tasks first, in the order they were queued; then the e-mails.
    assert [str(pk) for pk in started[:4]] == waited


def test_the_simulation_has_a_worker_of_its_own_wherever_the_platform_is_deployed(
    transactional_db,
):
    units = BASE / "deploy" / "systemd"
    serve = worker_arguments(BASE / "scripts" / "serve.sh")
    systemd = worker_arguments(units / "stageplein-worker@.service")
    systemd |= worker_arguments(units / "stageplein-simulation-worker.service")
    assert serve == systemd
    general, own = sorted(serve, key=lambda args: "simulation" in args[1])
    with override_settings(TASKS=QUEUE):
        season = run_simulation.enqueue(MISSING).id
        others = [compute_run.enqueue(MISSING).id, send_notification_email.enqueue(MISSING).id]
        drain(list(general))
        status = {str(pk): s for pk, s in DBTaskResult.objects.values_list("id", "status")}
        # The round and the e-mail are done; the season waits for its own worker.
        assert [status[pk] for pk in others] == ["SUCCESSFUL", "SUCCESSFUL"]
        assert status[season] == "READY"
        drain(list(own))
    assert DBTaskResult.objects.get(id=season).status == "SUCCESSFUL"
