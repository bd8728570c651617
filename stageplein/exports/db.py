"""Dashboard and export queries aggregate thousands of students with per-student subqueries.
PostgreSQL's planner estimates such a query as expensive and JIT-compiles it, which on these
short queries costs several times what it saves (0.6 s of compiling for a 0.1 s query, see
docs/reporting.md): dashboard views and exports run their queries without JIT."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


@contextmanager
def without_jit() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        # The connection may serve the next request (CONN_MAX_AGE): leave it as it was.
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET jit")
        except DatabaseError:  # a failed transaction: it is rolled back, and the SET with it
            pass
