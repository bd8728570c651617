"""Two schedulers ticking at the same moment (cron and the worker) run each job once."""

import datetime
import time
import zoneinfo

import pytest
import time_machine

from stageplein.reminders import scheduler
from stageplein.reminders.models import ScheduledJob
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
MOMENT = datetime.datetime(2031, 3, 4, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))


def count_runs(monkeypatch):
    runs = []
    jobs = [scheduler.Job("reminders", 9, lambda now: runs.append(now))]
    monkeypatch.setattr(scheduler, "JOBS", jobs)
    ScheduledJob.objects.create(key="reminders")
    real_is_due = scheduler.is_due

    def slow_is_due(*args):
        # Widen the window between reading and claiming, as a loaded database would.
        time.sleep(0.2)
        return real_is_due(*args)

    monkeypatch.setattr(scheduler, "is_due", slow_is_due)
    return runs


def test_concurrent_ticks_run_a_job_once(transactional_world, monkeypatch):
    runs = count_runs(monkeypatch)
    with time_machine.travel(MOMENT, tick=False):
        results = run_concurrently(lambda i: scheduler.tick(), 4)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert len(runs) == 1


def unguarded_claim(key, last_run_at, now):
    """The guard switched off: the claim no longer checks that nobody ran the job since."""
    return bool(ScheduledJob.objects.filter(key=key).update(last_run_at=now))


def test_negative_control_without_the_guard_the_job_runs_more_than_once(
    transactional_world, monkeypatch
):
    """Negative control: the same ticks and the same widening, only the guarded claim replaced
    by an unguarded one; proves the harness would catch a missing guard.
    Caught in 10 of 10 runs (2026-12-04, bench/negative_controls.py)."""
    runs = count_runs(monkeypatch)
    monkeypatch.setattr(scheduler, "claim", unguarded_claim)
    with time_machine.travel(MOMENT, tick=False):
        run_concurrently(lambda i: scheduler.tick(), 4)
    assert len(runs) > 1
