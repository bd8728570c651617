"""A task worker that dies mid-task (SIGKILL, out of memory, a restarted machine) leaves its
task to the next worker, a limited number of times (issue 13, finding 4)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.tasks import TaskResultStatus

from stageplein.exports.models import Export
from stageplein.reminders.models import WorkerLease
from stageplein.reminders.workers import heartbeat, reclaim_lost_tasks

DB_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
}


def wait_for(predicate, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def start_worker(worker_id: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TASK_LEASE_SECONDS": "2",
        "TASK_HEARTBEAT_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--worker-id", worker_id],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.concurrency
def test_a_task_whose_worker_is_killed_is_done_once_by_the_next_worker(
    transactional_db, settings, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    from stageplein.reminders.tests.crash_tasks import hang_the_first_time

    settings.TASKS = DB_TASKS
    result = hang_the_first_time.enqueue(str(tmp_path))
    first = start_worker("first")
    try:
        wait_for(lambda: (tmp_path / "first").exists(), "the first worker to start the task")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING  # what a dead worker leaves behind

    second = start_worker("second")
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL,
            "the second worker to finish the task",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.worker_ids == ["first", "second"]
    assert len((tmp_path / "done").read_text().splitlines()) == 1
    assert not WorkerLease.objects.filter(worker_id="second").exists()  # released on exit


def running_export(world, settings, worker_ids):
    from django_tasks_db.models import DBTaskResult

    from stageplein.exports.tasks import run_export

    settings.TASKS = DB_TASKS
    export = world.export
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    result = run_export.enqueue(export.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at="2026-01-01T00:00:00Z",
    )
    return export, result


def test_a_task_of_a_live_worker_is_left_alone(world, settings):
    from django_tasks_db.models import DBTaskResult

    _export, result = running_export(world, settings, ["alive"])
    heartbeat("alive")
    assert reclaim_lost_tasks().requeued == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_an_export_whose_worker_died_is_queued_again(world, settings):
    from django_tasks_db.models import DBTaskResult

    export, result = running_export(world, settings, ["dead"])
    assert reclaim_lost_tasks().requeued == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY
    export.refresh_from_db()
    assert export.status == Export.Status.QUEUED


def test_after_the_last_attempt_the_task_and_the_export_show_failed(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASK_MAX_ATTEMPTS = 3
    export, result = running_export(world, settings, ["a", "b", "c"])
    assert reclaim_lost_tasks().failed == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert "WorkerLost" in row.exception_class_path
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "stopped" in export.error
