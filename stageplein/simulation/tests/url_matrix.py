"""Role × URL matrix rows for the season simulator: brokers (their region) and national
viewers; everyone else 403."""

from __future__ import annotations

from django.urls import reverse

from stageplein.simulation.models import SimulationRun
from stageplein.simulation.tests.sample import sample_report
from tests.support.url_matrix import Row
from tests.support.world import World

READERS = {"anonymous": 302, "broker": 200, "national": 200, "admin": 200}


def _run(w: World) -> SimulationRun:
    run, _created = SimulationRun.objects.get_or_create(
        label="matrix",
        region=w.region,
        defaults={"status": SimulationRun.Status.FINISHED, "report": sample_report()},
    )
    return run


ROWS = {
    "simulation_list": Row(lambda w: reverse("simulation_list"), READERS, default=403),
    "simulation_detail": Row(
        lambda w: reverse("simulation_detail", args=[_run(w).pk]), READERS, default=403
    ),
    "simulation_compare": Row(
        lambda w: reverse("simulation_compare") + f"?a={_run(w).pk}&b={_run(w).pk}",
        READERS,
        default=403,
    ),
}
