from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.dashboards.selectors import sector_name
from stageplein.organisations.models import Sector
from stageplein.simulation import report as R
from stageplein.simulation.access import (
    get_run_for_user,
    may_simulate,
    may_simulate_country,
    simulation_regions_for,
    simulation_runs_visible_to,
)
from stageplein.simulation.forms import CompareForm, StartForm
from stageplein.simulation.services import simulation_start


@login_required
@require_http_methods(["GET", "POST"])
def simulation_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_simulate(scope))
    form = StartForm(
        request.POST or None,
        regions=simulation_regions_for(scope),
        country=may_simulate_country(scope),
    )
    if request.method == "POST" and form.is_valid():
        run = simulation_start(
            region=form.cleaned_data["region"],
            by=request.user,
            params=form.params(),
            seed=form.cleaned_data["seed"],
            weeks=form.cleaned_data["weeks"],
            label=form.cleaned_data["label"],
        )
        messages.success(request, _("The simulation has been queued."))
        return redirect("simulation_detail", run.pk)
    runs = list(simulation_runs_visible_to(scope)[:50])
    return render(request, "simulation/list.html", {"form": form, "runs": runs})


@login_required
def simulation_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(may_simulate(get_scope(request)))
    run = get_run_for_user(request, pk)
    if request.htmx:
        if run.is_done:
            # The whole page, report and charts, not swapped into the progress box.
            return HttpResponseClientRefresh()
        return render(request, "simulation/detail.html#progress", {"run": run})
    context: dict = {"run": run}
    if run.report:
        report = run.report
        area = request.GET.get("area", R.COUNTRY)
        if area not in R.areas(report):
            area = R.COUNTRY
        rows = R.rows_of(report, area)
        summary = R.summary(rows)
        names = {s.code: sector_name(s.name_nl, s.name_en) for s in Sector.objects.all()}
        context.update(
            area=area,
            area_label=R.area_label(area),
            areas=[(a, R.area_label(a)) for a in R.areas(report)],
            summary=summary,
            booklet=R.booklet_rows(report, area, summary),
            charts=[R.placed_chart(rows), R.seats_chart(rows), R.hours_chart(rows)],
            table=R.week_table(run.pk, str(run), rows, area),
            sectors=[(names.get(code, code), low, high) for code, low, high in R.sector_rows(rows)],
            violations=report.get("violations", []),
            changed=report.get("changed", {}),
        )
    return render(request, "simulation/detail.html", context)


@login_required
def simulation_compare(request: AuthedHttpRequest) -> HttpResponse:
    """What if: two finished runs side by side, for an area both played."""
    scope = get_scope(request)
    require(may_simulate(scope))
    finished = simulation_runs_visible_to(scope).filter(report__isnull=False)
    form = CompareForm(request.GET or None)
    context: dict = {"form": form, "runs": list(finished[:50])}
    if form.is_valid():
        a = get_run_for_user(request, form.cleaned_data["a"])
        b = get_run_for_user(request, form.cleaned_data["b"])
        if a.report and b.report:
            shared = R.same_area(a.report, b.report)
            area = request.GET.get("area", R.COUNTRY)
            area = area if area in shared else R.COUNTRY
            rows_a, rows_b = R.rows_of(a.report, area), R.rows_of(b.report, area)
            context.update(
                a=a,
                b=b,
                area=area,
                area_label=R.area_label(area),
                areas=[(x, R.area_label(x)) for x in shared],
                pair=[(a, R.summary(rows_a), rows_a), (b, R.summary(rows_b), rows_b)],
                charts=[
                    R.placed_chart(rows_a, "placed-a", str(a)),
                    R.placed_chart(rows_b, "placed-b", str(b)),
                ],
            )
    return render(request, "simulation/compare.html", context)
