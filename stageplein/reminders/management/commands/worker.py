"""``manage.py worker``: django-tasks-db's worker with a lease, a heartbeat and the reclaimer
(reminders/workers.py). Run this instead of ``db_worker``."""

import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from stageplein.reminders.workers import heartbeat, reclaim_lost_tasks, release


class Command(DBWorkerCommand):
    help = "Run the task worker, holding a lease and re-queueing tasks of workers that died"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Under the autoreloader the lease would be held by the reloading parent, which lives on
        # when the worker itself dies.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        interval = float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 15))
        stop = threading.Event()
        heartbeat(worker_id)
        reclaim_lost_tasks()

        def beat() -> None:
            while not stop.wait(interval):
                try:
                    close_old_connections()
                    heartbeat(worker_id)
                    reclaim_lost_tasks()
                except Exception:  # a database hiccup must not stop the heartbeat for good
                    self.stderr.write("heartbeat failed; trying again")
            connection.close()

        thread = threading.Thread(target=beat, name="task-heartbeat", daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            thread.join(timeout=interval + 5)
            release(worker_id)
