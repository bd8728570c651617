"""A harness for concurrency tests: N real threads, each with its own database connection,
released at the same moment by a barrier. Used by the tests that prove a guard holds and by
their negative controls, which run the same code path with the same widening (Rendezvous) and
only the guard switched off (without_row_lock, without_condition, or the named guard function
patched), proving that the harness would have caught the race."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import pytest
from django.db import close_old_connections, connection
from django.db.models import Model, QuerySet

T = TypeVar("T")


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


class Rendezvous:
    """The widening a concurrency test and its negative control share, placed inside the real
    code path (wrap the function that checks, with ``after``): each thread that passed the
    check waits, at most ``timeout`` seconds, until the others have passed it too.

    Without the guard all threads pass the check before any of them acts, every time (no
    thread timing involved). With the guard on, the other threads are held by the lock, so the
    wait times out and the first thread goes on; the rest find the barrier broken and do not
    wait at all. Outside ``expecting(n)`` the wrapper does not wait.
    """

    def __init__(self, timeout: float = 5.0) -> None:
        self.timeout = timeout
        self._barrier: threading.Barrier | None = None

    @contextmanager
    def expecting(self, n: int) -> Iterator[None]:
        self._barrier = threading.Barrier(n)
        try:
            yield
        finally:
            self._barrier = None

    def wait(self) -> None:
        barrier = self._barrier
        if barrier is None:
            return
        with suppress(threading.BrokenBarrierError):
            barrier.wait(self.timeout)

    def after(self, fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def checked_then_wait(*args: Any, **kwargs: Any) -> T:
            result = fn(*args, **kwargs)
            self.wait()
            return result

        return checked_then_wait


def without_row_lock(monkeypatch: pytest.MonkeyPatch, model: type[Model]) -> None:
    """The guard switched off: ``select_for_update()`` on ``model`` reads without locking (the
    same query otherwise); row locks on other models stay."""
    real = QuerySet.select_for_update

    def select_for_update(self: QuerySet, *args: Any, **kwargs: Any) -> QuerySet:
        if self.model is model:
            return self
        return real(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", select_for_update)


def without_condition(
    monkeypatch: pytest.MonkeyPatch, model: type[Model], **condition: Any
) -> None:
    """The guard switched off: ``model.objects.filter(…)`` calls that carry exactly this
    condition (``status=SUBMITTED``, ``used_at__isnull=True``) run without it, so a guarded
    ``UPDATE … WHERE`` becomes a plain one; every other filter stays as it is."""
    manager = model._default_manager
    real = manager.filter

    def filter(*args: Any, **kwargs: Any) -> QuerySet:
        if all(k in kwargs and kwargs[k] == v for k, v in condition.items()):
            kwargs = {k: v for k, v in kwargs.items() if k not in condition}
        return real(*args, **kwargs)

    monkeypatch.setattr(manager, "filter", filter)


@contextmanager
def without_constraint(model: type[Model], name: str) -> Iterator[None]:
    """The guard switched off when it is a database constraint: ``name`` is dropped from
    ``model``'s table for the block and added back after it (the block must leave rows that
    satisfy it). For transactional tests only: the DDL is committed."""
    from django.db import connection as conn

    [constraint] = [c for c in model._meta.constraints if c.name == name]
    with conn.schema_editor() as editor:
        editor.remove_constraint(model, constraint)
    try:
        yield
    finally:
        with conn.schema_editor() as editor:
            editor.add_constraint(model, constraint)
