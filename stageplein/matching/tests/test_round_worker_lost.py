"""A matching round whose task worker died (issue 13, finding 4: "running, 0 of 196" for good):
the round goes back to the queue, and after the last attempt it shows failed on its page."""

from django.tasks import TaskResultStatus
from django.urls import reverse

from stageplein.matching.models import Run
from stageplein.reminders.workers import reclaim_lost_tasks

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
}


def running_round(world, settings, worker_ids):
    from django_tasks_db.models import DBTaskResult

    from stageplein.matching.tasks import compute_run

    settings.TASKS = DB_TASKS
    Run.objects.filter(pk=world.run.pk).update(status=Run.Status.RUNNING)
    result = compute_run.enqueue(world.run.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=worker_ids, started_at="2026-01-01T00:00:00Z"
    )
    return result


def test_a_round_whose_worker_died_is_queued_again(world, settings):
    running_round(world, settings, ["dead"])
    assert reclaim_lost_tasks().requeued == 1
    assert Run.objects.get(pk=world.run.pk).status == Run.Status.QUEUED


def test_after_the_last_attempt_the_round_shows_failed(world, settings, client_as):
    settings.TASK_MAX_ATTEMPTS = 2
    running_round(world, settings, ["a", "b"])
    assert reclaim_lost_tasks().failed == 1
    run = Run.objects.get(pk=world.run.pk)
    assert run.status == Run.Status.FAILED and "stopped" in run.error
    page = client_as("broker").get(reverse("matching_run_detail", args=[run.pk]))
    assert page.status_code == 200
    assert run.error in page.content.decode()
