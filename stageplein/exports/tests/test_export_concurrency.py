"""Two workers take the same export task at once (a retry, a second worker): the guarded claim
lets one of them write the file; without it both would."""

import time

import pytest

from stageplein.exports import services
from stageplein.exports.models import Export
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def queued(transactional_world, monkeypatch):
    written = []
    real = services.WRITERS["csv"]

    def slow_writer(table, progress=None):
        written.append(1)
        time.sleep(0.3)  # a long list: the other worker arrives while this one writes
        return real(table, progress)

    monkeypatch.setitem(services.WRITERS, "csv", slow_writer)
    export = Export.objects.create(
        requested_by=transactional_world.users["coordinator"],
        table="school_students",
        params={"school": str(transactional_world.school.pk)},
        format="csv",
        title="Leerlingen",
        rows_total=2,
    )
    return export, written


def test_two_workers_write_an_export_once(queued):
    export, written = queued
    results = run_concurrently(lambda i: services.export_run(export_id=export.pk), 2)
    assert sorted(r is None for r in results) == [False, True]
    assert len(written) == 1
    assert Export.objects.get(pk=export.pk).status == Export.Status.DONE


def unguarded_claim(export_id):
    """The guard switched off: the claim takes the export whatever its status."""
    return bool(Export.objects.filter(pk=export_id).update(status=Export.Status.RUNNING))


def test_negative_control_without_the_guard_both_workers_write_it(queued, monkeypatch):
    """Negative control: the same workers and the same slow writer, only the guarded claim
    replaced by an unguarded one; proves the harness would catch a missing guard.
    Caught in 10 of 10 runs (2026-12-04, bench/negative_controls.py)."""
    export, written = queued
    monkeypatch.setattr(services, "claim_export", unguarded_claim)
    results = run_concurrently(lambda i: services.export_run(export_id=export.pk), 2)
    assert all(r is not None for r in results)
    assert len(written) == 2
