"""Who may start and read season simulations (docs/architecture.md): brokers for their own
region, national viewers for every region and the whole country. A report holds counts only,
never a person, but a region's plans are its own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from stageplein.accounts.access import Scope, get_scope
from stageplein.geo.models import Region
from stageplein.simulation.models import SimulationRun


def may_simulate(scope: Scope) -> bool:
    return scope.is_admin or scope.is_national or bool(scope.brokers)


def may_simulate_country(scope: Scope) -> bool:
    return scope.is_admin or scope.is_national


def simulation_regions_for(scope: Scope) -> QuerySet[Region]:
    if may_simulate_country(scope):
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=scope.broker_regions).order_by("name")


def simulation_runs_visible_to(scope: Scope) -> QuerySet[SimulationRun]:
    runs = SimulationRun.objects.select_related("region", "created_by")
    if may_simulate_country(scope):
        return runs
    if scope.brokers:
        return runs.filter(region__in=scope.broker_regions)
    return runs.none()


def get_run_for_user(request: HttpRequest, pk: int) -> SimulationRun:
    run = simulation_runs_visible_to(get_scope(request)).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
