"""A task for test_workers.py: the worker processes import it by its path."""

import os
import time

from django.tasks import task


@task()
def record_run(path: str, number: int) -> None:
    # Long enough that both workers are busy at the same time.
    time.sleep(0.02)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{number} {os.getpid()}\n")
