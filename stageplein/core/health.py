"""Liveness and readiness (docs/deployment.md#health).

``/health/live/`` only says that the process answers (no database: a load balancer must not
restart every app server because PostgreSQL is slow). ``/health/ready/`` checks what a request
needs: the database, the cache, and that the task worker keeps up with the queue.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable

logger = logging.getLogger(__name__)


def uses_task_queue() -> bool:
    return str(settings.TASKS["default"]["BACKEND"]).startswith("django_tasks_db")


def due_tasks():
    """Queued tasks whose time has come: what a running worker would be busy with."""
    # Only the database task backend has a queue to look at.
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready()


def queue_length_and_age() -> tuple[int, float]:
    """How many tasks wait, and how long (seconds) the oldest has waited since it became due."""
    # A deferred task (the scheduler's tick) is due from run_after, not from when it was
    # queued; a task without one has run_after at the far future (django-tasks-db's "none").
    due_since = Case(
        When(run_after__lte=F("enqueued_at"), then=F("enqueued_at")),
        When(run_after__year=9999, then=F("enqueued_at")),
        default=F("run_after"),
    )
    row = due_tasks().aggregate(count=Count("pk"), oldest=Min(due_since))
    if not row["count"]:
        return 0, 0.0
    return row["count"], max(0.0, (timezone.now() - row["oldest"]).total_seconds())


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The worker picks up tasks: no due task waits longer than TASK_QUEUE_MAX_AGE seconds.

    An idle worker with an empty queue is healthy. The scheduler's tick is queued every 15
    minutes, so a worker that died shows here within 15 minutes plus the allowed age.
    """

    max_age: float = dataclasses.field(
        default_factory=lambda: float(getattr(settings, "TASK_QUEUE_MAX_AGE", 300))
    )

    def run(self) -> None:
        if not uses_task_queue():
            return
        count, age = queue_length_and_age()
        if age > self.max_age:
            raise ServiceUnavailable(
                f"{count} task(s) waiting, the oldest for {age:.0f} s: is the worker running?"
            )


def _outcome(check: HealthCheck) -> str:
    try:
        if inspect.iscoroutinefunction(check.run):
            async_to_sync(check.run)()
        else:
            check.run()
    except HealthCheckException as exc:
        return str(exc)
    except Exception:
        logger.exception("health check %r failed", check)
        return "unknown error"
    return "OK"


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    # The checks run one after the other in the request's own thread and connection (the
    # library's view runs them in a thread pool, each thread with a database connection of
    # its own that outlives the request).
    outcomes = {repr(check): _outcome(check) for check in (Database(), Cache(), TaskQueue())}
    failed = any(outcome != "OK" for outcome in outcomes.values())
    # 503 tells a load balancer to send traffic elsewhere.
    return JsonResponse(outcomes, status=503 if failed else 200)


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
