"""Regions played in worker processes give the report one process gives, and the same seed
gives the same report again. The workers read what is committed, so this test commits (a
transactional test) and builds two small regions afresh before each run."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stageplein.geo.models import Region
from stageplein.geo.pilots import read_pilots
from stageplein.simulation.params import Params
from stageplein.simulation.season import Season
from stageplein.simulation.services import delete_simulated_regions
from stageplein.simulation.tests.starting_point import SCHOOL_YEAR, SEED
from stageplein.simulation.world import build_world, sim_name

pytestmark = pytest.mark.django_db(transaction=True)

VOLATILE = ("seconds", "cpu_seconds", "workers")


def play(processes: int, check_every: int = 1) -> dict:
    # Two pilots cut down to a hundred students each: enough for reactions, rounds and hours.
    pilots = [
        replace(p, students=100, schools=1)
        for p in read_pilots()
        if p.name in ("Zutphen", "Helmond")
    ]
    delete_simulated_regions()
    build_world(pilots=pilots, seed=SEED, school_year=SCHOOL_YEAR, params=Params())
    outcome = Season(
        regions=list(Region.objects.filter(name__in=[sim_name(p) for p in pilots])),
        params=Params(react_rate=0.6, broker_every_weeks=1, broker_after_weeks=1),
        seed=SEED,
        school_year=SCHOOL_YEAR,
        weeks=3,
        check_every=check_every,
        processes=processes,
    ).run()
    assert outcome.violations == []
    return {k: v for k, v in outcome.report.items() if k not in VOLATILE}


def test_regions_in_worker_processes_give_the_same_report_as_one_process_and_again():
    parallel = play(processes=2)

    assert sorted(parallel["regions"]) == ["Helmond (sim)", "Zutphen (sim)"]
    assert [r["week"] for r in parallel["country"]] == [1, 2, 3]
    assert parallel["country"][-1]["placed_total"] > 0
    assert play(processes=2) == parallel
    # Checking only after the last week plays the same season.
    assert play(processes=1, check_every=3) == parallel
