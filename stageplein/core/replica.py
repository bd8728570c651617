"""Reads of the heavy overview pages from a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Only views wrapped in ``reads_from_replica`` read from the replica, and only while the person
has not written anything for REPLICA_STICKY_SECONDS: a replica lags behind the primary by a
moment, and a coordinator who has just approved a report must see it approved. Every write goes
to the primary. Without DATABASE_REPLICA_URL everything reads from the primary.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
STICKY_COOKIE = "sp_primary"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_from_replica.set(replica_configured())
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        return REPLICA if _reading_from_replica.get() else None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


def wrote_recently(request: HttpRequest) -> bool:
    return STICKY_COOKIE in request.COOKIES


def reads_from_replica[**P](
    view: Callable[P, HttpResponse],
) -> Callable[P, HttpResponse]:
    """The view's queries read from the replica, unless the person wrote a moment ago."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if wrote_recently(request):
            return view(*args, **kwargs)
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class StickyPrimaryMiddleware:
    """After a write (any POST, PUT, PATCH, DELETE) the browser carries a short-lived cookie
    that keeps this person's reads on the primary until the replica has caught up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and replica_configured():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
