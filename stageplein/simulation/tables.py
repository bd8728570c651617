"""The season report's week table as an export (CSV and Excel), built from the same stored
report as the page, in the requester's scope (see stageplein/exports/tables.py)."""

from __future__ import annotations

from django.http import Http404

from stageplein.accounts.access import Scope
from stageplein.exports.tables import Params, Table, TableSpec
from stageplein.simulation.access import may_simulate, simulation_runs_visible_to
from stageplein.simulation.report import areas, rows_of, week_table


def weeks(scope: Scope, params: Params) -> Table:
    run_id = params.get("run", "")
    run = (
        simulation_runs_visible_to(scope).filter(pk=int(run_id)).first()
        if run_id.isdigit()
        else None
    )
    if run is None or not run.report:
        raise Http404
    area = params.get("area", "")
    if area not in areas(run.report):
        raise Http404
    return week_table(run.pk, f"{run} {area}", rows_of(run.report, area), area)


TABLES = [TableSpec(key="simulation_weeks", build=weeks, allowed=may_simulate)]
