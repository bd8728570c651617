"""A harness for concurrency tests: N real threads, each with its own database connection,
released at the same moment by a barrier. Used by the tests that prove a guard holds (and, with
the guard switched off, that the harness would have caught the race)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection


def run_concurrently(fn: Callable[[int], Any], n: int, timeout: float = 60) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout)
            results[i] = fn(i)
        except BaseException as exc:  # the test inspects what each thread met
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    close_old_connections()
    return results
