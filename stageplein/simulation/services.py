"""Writes of the simulator: starting a simulation from the page, and removing the regions a
command-line season made."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from stageplein.accounts.models import Membership, User
from stageplein.geo.models import Region
from stageplein.internships.models import Internship
from stageplein.organisations.models import Broker, Provider, School
from stageplein.simulation import tasks
from stageplein.simulation.models import SimulationRun
from stageplein.simulation.params import Params
from stageplein.simulation.world import SIM_MARK
from stageplein.students.models import Guardianship, Student


@transaction.atomic
def delete_simulated_regions() -> int:
    """Remove the regions ``simulate_season`` made (named "… (sim)") with their people."""
    regions = Region.objects.filter(name__endswith=SIM_MARK)
    if not regions.exists():
        return 0
    schools = School.objects.filter(region__in=regions)
    providers = Provider.objects.filter(region__in=regions)
    brokers = Broker.objects.filter(region__in=regions)
    students = Student.objects.filter(school__in=schools)
    users = set(students.values_list("user_id", flat=True))
    users |= set(
        Guardianship.objects.filter(student__in=students).values_list("guardian_id", flat=True)
    )
    users |= set(
        Membership.objects.filter(school__in=schools).values_list("user_id", flat=True)
    ) | set(Membership.objects.filter(provider__in=providers).values_list("user_id", flat=True))
    users |= set(Membership.objects.filter(broker__in=brokers).values_list("user_id", flat=True))
    Internship.objects.filter(student__in=students).delete()
    Internship.objects.filter(provider__in=providers).delete()
    students.delete()
    providers.delete()
    brokers.delete()
    schools.delete()
    n = regions.count()
    regions.delete()
    User.objects.filter(pk__in=users).delete()
    return n


def simulation_record(*, report: dict, label: str, ok: bool) -> SimulationRun:
    """Keep a command-line season's report (the whole country's view: no region, since the
    command's regions are removed afterwards) so that the page shows and compares it."""
    return SimulationRun.objects.create(
        region=None,
        label=label.strip()[:100],
        seed=report["seed"],
        weeks=report["weeks"],
        params=report["params"],
        status=SimulationRun.Status.FINISHED if ok else SimulationRun.Status.VIOLATED,
        done_weeks=len(report["country"]),
        report=report,
        finished_at=timezone.now(),
    )


def simulation_start(
    *, region: Region | None, by: User, params: Params, seed: int, weeks: int, label: str = ""
) -> SimulationRun:
    """Record the run and queue it for the task worker (``tasks.run_simulation``)."""
    run = SimulationRun.objects.create(
        region=region,
        created_by=by,
        params=params.as_dict(),
        seed=seed,
        weeks=weeks,
        label=label.strip()[:100],
    )
    pk = run.pk
    transaction.on_commit(lambda: tasks.run_simulation.enqueue(pk))
    return run
