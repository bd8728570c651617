"""Task workers on several machines share one PostgreSQL queue (docs/deployment.md): two worker
processes drain the same queue and no task runs twice."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.db import connection
from django.test import override_settings

from stageplein.core.tests.worker_tasks import record_run

BASE = Path(__file__).resolve().parents[3]
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_two_workers_share_the_queue_and_run_each_task_once(transactional_db, tmp_path):
    runs = tmp_path / "runs.txt"
    with override_settings(TASKS=QUEUE):
        for number in range(200):
            record_run.enqueue(str(runs), number)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TASKS_BACKEND": "db",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.05",
                "--worker-id",
                f"w{i}",
            ],
            cwd=BASE,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in (1, 2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
    lines = runs.read_text().split("\n")[:-1]
    numbers = Counter(int(line.split()[0]) for line in lines)
    assert sorted(numbers) == list(range(200))
    assert max(numbers.values()) == 1, "a task ran twice"
    pids = Counter(line.split()[1] for line in lines)
    assert len(pids) == 2, f"one worker did all the work: {pids}"
