"""Periodic work. Django's tasks framework has no scheduler, so we run one ``tick`` often:

- from cron: ``manage.py run_scheduled`` (e.g. every 15 minutes), or
- in the worker: ``manage.py run_scheduled --start`` queues ``scheduler_tick``, which runs a
  tick and queues itself again 15 minutes later (``make run`` does this).

The jobs come from the apps: each registers its own in its ``jobs.py``.

Each job decides whether it is due; the claim is a guarded UPDATE, so running both, or two
workers, still runs each job once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from stageplein.reminders.models import ScheduledJob

TICK = datetime.timedelta(minutes=15)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    key: str
    hour: int  # runs once a day, at the first tick after this local hour
    run: Callable[[datetime.datetime], object]


# Filled at start-up: each app lists its daily work in its own ``jobs.py`` with ``register``
# (found by RemindersConfig.ready with autodiscover_modules), so this framework imports none of
# the apps above it.
JOBS: list[Job] = []


def register(job: Job) -> None:
    assert all(j.key != job.key for j in JOBS), f"job {job.key} registered twice"
    JOBS.append(job)
    JOBS.sort(key=lambda j: j.hour)  # earliest first; stable, so apps keep their order


def is_due(job: Job, last_run_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    if local.hour < job.hour:
        return False
    return last_run_at is None or timezone.localtime(last_run_at).date() < local.date()


class JobsFailed(Exception):
    """Some jobs raised. The others ran; the failed ones are released to run again at the next
    tick. Raised at the end so that the task (or cron) shows the failure to an admin."""


def claim(key: str, last_run_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Mark the job as run at ``now``, but only if nobody did since we read ``last_run_at``:
    of two schedulers that saw the job due at once, exactly one gets the row."""
    return bool(
        ScheduledJob.objects.filter(key=key, last_run_at=last_run_at).update(last_run_at=now)
    )


def tick(*, now: datetime.datetime | None = None) -> list[str]:
    """Run the jobs that are due; returns their keys."""
    now = now or timezone.now()
    ran = []
    failed: list[str] = []
    for job in JOBS:
        row, _created = ScheduledJob.objects.get_or_create(key=job.key)
        if not is_due(job, row.last_run_at, now):
            continue
        if not claim(job.key, row.last_run_at, now):
            continue  # another scheduler got there first
        try:
            result = job.run(now)
        except Exception as exc:
            logger.exception("scheduled job %s failed", job.key)
            # Release our claim so that the next tick tries again (one bad mail server or
            # rule must not cost a whole day of reminders).
            ScheduledJob.objects.filter(key=job.key, last_run_at=now).update(
                last_run_at=row.last_run_at, last_result=f"failed: {exc!r}"[:200]
            )
            failed.append(job.key)
            continue
        ScheduledJob.objects.filter(key=job.key).update(last_result=str(result)[:200])
        ran.append(job.key)
    if failed:
        raise JobsFailed(f"failed: {', '.join(failed)}; ran: {', '.join(ran) or 'nothing'}")
    return ran
