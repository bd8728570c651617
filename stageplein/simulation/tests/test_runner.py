"""A simulation started from the page (its task) plays on the region's own data inside a transaction
that is rolled back: its report is kept, nothing it did stays, its progress is written as it
goes from a second connection."""

from __future__ import annotations

import pytest

from stageplein.accounts.models import User
from stageplein.applications.models import Application
from stageplein.internships.models import HourEntry
from stageplein.notifications.models import Notification
from stageplein.simulation import runner
from stageplein.simulation.models import SimulationRun
from stageplein.simulation.params import Params
from stageplein.simulation.services import simulation_start

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> tuple[int, int, int]:
    return Application.objects.count(), HourEntry.objects.count(), Notification.objects.count()


def test_a_page_simulation_reports_and_leaves_the_region_as_it_was(
    transactional_world, monkeypatch
):
    world = transactional_world
    # The test world writes a certificate without the hours behind it (see the next test).
    world.certificate.delete()
    before = counts()
    reported: list[int] = []
    progress = runner._on_own_connection

    def spy(work) -> None:
        progress(work)
        # Read back as the page would: the week is there while the season still runs.
        reported.append(SimulationRun.objects.values_list("done_weeks", flat=True).get())

    monkeypatch.setattr(runner, "_on_own_connection", spy)

    # The task backend runs the task at once in tests (the worker does in production).
    run = simulation_start(
        region=world.region,
        by=User.objects.get(pk=world.users["broker"].pk),
        params=Params(react_rate=1.0),
        seed=3,
        weeks=3,
    )

    done = SimulationRun.objects.get(pk=run.pk)
    report = done.report or {}
    assert report["violations"] == []
    assert done.status == SimulationRun.Status.FINISHED
    assert [r["week"] for r in report["country"]] == [1, 2, 3]
    assert reported == [1, 2, 3]
    assert counts() == before
    # A task that runs twice plays once.
    assert runner.run_in_copy(run_id=run.pk) is None


def test_a_region_whose_data_already_breaks_a_rule_stops_in_the_first_week(transactional_world):
    world = transactional_world  # holds a 60-hour certificate without the hours behind it

    run = simulation_start(
        region=world.region,
        by=User.objects.get(pk=world.users["broker"].pk),
        params=Params(),
        seed=3,
        weeks=3,
    )

    done = SimulationRun.objects.get(pk=run.pk)
    report = done.report or {}
    assert done.status == SimulationRun.Status.VIOLATED
    assert report["stopped_week"] == 1
    assert [v["rule"] for v in report["violations"]] == ["certificates"]
