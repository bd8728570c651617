"""Tasks that survive a crash: leases for task workers and the reclaimer.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again, so a
worker killed mid-task left it RUNNING for good. Each ``manage.py worker`` now holds a lease
(WorkerLease) that a heartbeat thread renews every TASK_HEARTBEAT_SECONDS; every worker also
reclaims: a RUNNING task whose worker's lease is older than TASK_LEASE_SECONDS goes back to
READY, until it has been claimed TASK_MAX_ATTEMPTS times, then it is marked FAILED.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stageplein.reminders.models import WorkerLease
from stageplein.reminders.signals import task_lost

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task stopped without finishing it (recorded on the task)."""


def lease_seconds() -> int:
    return int(getattr(settings, "TASK_LEASE_SECONDS", 60))


def heartbeat(worker_id: str) -> None:
    WorkerLease.objects.update_or_create(
        worker_id=worker_id,
        defaults={"heartbeat_at": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()},
    )


def release(worker_id: str) -> None:
    WorkerLease.objects.filter(worker_id=worker_id).delete()


@dataclass
class Reclaimed:
    requeued: int = 0
    failed: int = 0


def reclaim_lost_tasks() -> Reclaimed:
    now = timezone.now()
    expired = now - datetime.timedelta(seconds=lease_seconds())
    alive = set(
        WorkerLease.objects.filter(heartbeat_at__gte=expired).values_list("worker_id", flat=True)
    )
    # Started before the lease ran out, so even a worker that never held a lease (a plain
    # db_worker) gets that long before its task is taken from it.
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=expired
    )
    done = Reclaimed()
    for result in candidates:
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        done_one = _reclaim(result, now)
        if done_one == "requeued":
            done.requeued += 1
        elif done_one == "failed":
            done.failed += 1
    # Leases of workers long gone are of no use to anyone.
    WorkerLease.objects.filter(heartbeat_at__lt=now - datetime.timedelta(days=1)).delete()
    return done


def _reclaim(result: DBTaskResult, now: datetime.datetime) -> str:
    attempts = len(result.worker_ids)
    gave_up = attempts >= settings.TASK_MAX_ATTEMPTS
    with transaction.atomic():
        # Guarded: only if still RUNNING under the same claim, so two reclaimers (or a worker
        # finishing at this moment) cannot both win.
        guarded = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, worker_ids=result.worker_ids
        )
        if gave_up:
            changed = guarded.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: the worker stopped during attempt {attempts} of "
                f"{settings.TASK_MAX_ATTEMPTS}; not tried again.",
            )
        else:
            changed = guarded.update(status=TaskResultStatus.READY, started_at=None, run_after=now)
        if not changed:
            return ""
        args_kwargs = result.args_kwargs or {}
        task_lost.send(
            sender=WorkerLost,
            task_path=result.task_path,
            args=list(args_kwargs.get("args", [])),
            kwargs=dict(args_kwargs.get("kwargs", {})),
            gave_up=gave_up,
        )
    logger.warning(
        "Task %s (%s) lost its worker; %s",
        result.pk,
        result.task_path,
        "marked failed" if gave_up else "queued again",
    )
    return "failed" if gave_up else "requeued"


def follow_task(
    task_path: str,
    model: type,
    *,
    id_arg: str,
    running: tuple[str, ...],
    queued: str | None,
    failed: str,
    error: str,
) -> None:
    """Register a record that tracks a task (an export, an import, a matching round): when its
    worker dies the record goes back to ``queued`` (None: it stays as it is, the task picks it up
    again), and when the task is given up it shows ``failed`` with ``error``."""

    def receiver(sender, *, task_path: str, args, kwargs, gave_up: bool, **extra) -> None:
        if task_path != task_path_followed:
            return
        pk = kwargs.get(id_arg, args[0] if args else None)
        if pk is None:
            return
        records = model.objects.filter(pk=pk, status__in=running)  # type: ignore[attr-defined]
        if gave_up:
            records.update(status=failed, error=error, finished_at=timezone.now())
        elif queued is not None:
            records.update(status=queued)

    task_path_followed = task_path
    task_lost.connect(receiver, weak=False, dispatch_uid=f"follow_task:{task_path}")
