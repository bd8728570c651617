"""A task for the killed-worker test: the first attempt hangs (and is killed), later ones
finish and write one line each to ``done``."""

import os
import time
from pathlib import Path

from django.tasks import task


@task()
def hang_the_first_time(folder: str) -> None:
    base = Path(folder)
    (base / f"started-{os.getpid()}").touch()
    first = base / "first"
    if not first.exists():
        first.touch()
        time.sleep(600)
    with (base / "done").open("a") as done:
        done.write(f"{os.getpid()}\n")
