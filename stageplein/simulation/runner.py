"""A simulation started from the page runs on the region's own data inside one database
transaction that is rolled back at the end: the services write and lock as they always do,
the invariants read what they wrote, and nothing of it stays. Only the run's progress and its
report are kept: progress is written from a second connection (a short-lived thread), so the
page can show it while the season's transaction is still open.

Why a rolled-back transaction and not a copied schema or database: a copy of a region is not
a table-level copy (its students, people, placements, reactions and hours reach across a
dozen apps and the shared users, municipalities and sectors); cloning a whole database per run
needs ``CREATE DATABASE … TEMPLATE`` with nobody connected, or minutes of dump and restore.
The transaction sees exactly the region's data as it is, costs nothing to throw away, and
cannot leak into the live data. Its cost: the rows the season changes stay locked until it
ends, so a simulation should run when the region is quiet (the page says so); the task
backend runs one at a time per worker."""

from __future__ import annotations

import threading

from django.db import connection, transaction
from django.utils import timezone

from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import Region
from stageplein.simulation.models import SimulationRun
from stageplein.simulation.params import Params
from stageplein.simulation.season import Season


class _Discard(Exception):
    """Raised at the end of the season to roll its transaction back."""


def _on_own_connection(work) -> None:
    """Run ``work`` on a fresh connection (another thread), committed at once."""

    def target() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()


def claim(run_id: int) -> bool:
    """THE run guard: one UPDATE … WHERE status = 'queued'; a task that runs twice plays once."""
    return bool(
        SimulationRun.objects.filter(pk=run_id, status=SimulationRun.Status.QUEUED).update(
            status=SimulationRun.Status.RUNNING
        )
    )


def run_in_copy(*, run_id: int) -> SimulationRun | None:
    if not claim(run_id):
        return None
    run = SimulationRun.objects.get(pk=run_id)
    regions = [run.region] if run.region else list(Region.objects.order_by("name"))

    def progress(done: int, total: int) -> None:
        _on_own_connection(lambda: SimulationRun.objects.filter(pk=run_id).update(done_weeks=done))

    season = Season(
        regions=regions,
        params=Params.from_dict(run.params),
        seed=run.seed,
        school_year=current_school_year(),
        weeks=run.weeks,
        progress=progress,
    )
    outcome = None
    try:
        with transaction.atomic():
            outcome = season.run()
            raise _Discard
    except _Discard:
        pass
    except Exception as exc:
        SimulationRun.objects.filter(pk=run_id).update(
            status=SimulationRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    assert outcome is not None
    SimulationRun.objects.filter(pk=run_id).update(
        status=SimulationRun.Status.FINISHED if outcome.ok else SimulationRun.Status.VIOLATED,
        report=outcome.report,
        done_weeks=len(outcome.report["country"]),
        finished_at=timezone.now(),
    )
    return SimulationRun.objects.get(pk=run_id)
