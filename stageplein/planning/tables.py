"""The planning pages' tables as exports (CSV and Excel), built in the requester's scope by
the same selectors as the pages (see stageplein/exports/tables.py)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stageplein.accounts.access import Scope
from stageplein.core.schoolyear import school_year_label
from stageplein.exports.tables import Column, Kind, Params, Table, TableSpec
from stageplein.planning.access import (
    calendar_regions_for,
    may_see_region_calendar,
    may_see_region_windows,
    may_see_targets,
    targets_visible_to,
)
from stageplein.planning.forms import RegionCalendarForm
from stageplein.planning.selectors.calendar import area_of, demand_supply
from stageplein.planning.selectors.demand import region_windows
from stageplein.planning.selectors.targets import target_progress
from stageplein.planning.selectors.windows import school_year_choices

STATUS = {
    "shortage": gettext_lazy("shortage"),
    "tight": gettext_lazy("tight"),
    "room": gettext_lazy("room"),
    "holiday": gettext_lazy("school holiday"),
}
BAND_LABELS = [
    gettext_lazy("free seats under 5 km"),
    gettext_lazy("free seats 5 to 10 km"),
    gettext_lazy("free seats 10 to 20 km"),
    gettext_lazy("free seats 20 km or more"),
    gettext_lazy("free seats, distance unknown"),
]
KIND = {
    "school": gettext_lazy("school"),
    "broker": gettext_lazy("broker area"),
    "region": gettext_lazy("region"),
}


def _year(params: Params, choices: list[int]) -> int:
    value = params.get("year") or params.get("school_year") or ""
    return int(value) if value.isdigit() and int(value) in choices else choices[0]


def weeks_table(scope: Scope, params: Params) -> Table:
    form = RegionCalendarForm(dict(params) or None, regions=calendar_regions_for(scope))
    chosen = form.chosen
    region = chosen["region"]
    if region is None:
        raise Http404
    school = chosen.get("school")
    area = area_of([school]) if school else area_of(region)
    if school:
        area.region = region
    sector = chosen.get("sector")
    calendar = demand_supply(
        area,
        chosen["school_year"],
        sector=sector.code if sector else None,
        max_km=chosen.get("max_km"),
    )
    kept = {k: str(v) for k, v in params.items() if v}
    sectors = list(calendar.sectors.items())
    return Table(
        key="planning_weeks",
        title=_("Students and free seats per week, %(area)s %(year)s")
        % {"area": area.name, "year": school_year_label(calendar.school_year)},
        # The page's three week tables in one sheet: totals, then free seats per sector and
        # per distance band.
        columns=[
            Column(gettext_lazy("Week"), Kind.INT),
            Column(gettext_lazy("Monday"), Kind.DATE),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Free seats"), Kind.INT),
            Column(gettext_lazy("Difference"), Kind.INT),
            Column(gettext_lazy("Status")),
            *[Column(name, Kind.INT) for _code, name in sectors],
            *[Column(label, Kind.INT) for label in BAND_LABELS],
        ],
        rows=[
            (
                w.week,
                w.monday,
                w.students,
                w.seats,
                w.difference,
                str(w.holiday if w.status == "holiday" else STATUS[w.status]),
                *[round(w.by_sector.get(code, 0)) for code, _name in sectors],
                *[round(w.by_band.get(band, 0)) for band in calendar.bands],
            )
            for w in calendar.weeks
        ],
        params=kept,
    )


def region_windows_table(scope: Scope, params: Params) -> Table:
    regions = calendar_regions_for(scope, staff="school")
    region = (
        regions.filter(pk=params.get("region") or 0).first()
        if (params.get("region", "").isdigit())
        else regions.order_by("name").first()
    )
    if region is None:
        raise Http404
    year = _year(params, school_year_choices())
    items = region_windows(region, year)
    return Table(
        key="planning_region_windows",
        title=_("Windows in %(region)s, %(year)s")
        % {"region": region.name, "year": school_year_label(year)},
        columns=[
            Column(gettext_lazy("First day"), Kind.DATE),
            Column(gettext_lazy("Last day"), Kind.DATE),
            Column(gettext_lazy("School")),
            Column(gettext_lazy("Group")),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Hours each"), Kind.INT),
        ],
        rows=[
            (i.starts_on, i.ends_on, i.school_name, i.group_label, i.students, i.hours_per_student)
            for i in items
        ],
        params={"region": str(region.pk), "year": str(year)},
    )


def targets_table(scope: Scope, params: Params) -> Table:
    choices = school_year_choices()
    years = [choices[0] - 1, *choices]
    year = _year(params, [years[1], years[0], years[2]])
    targets = (
        targets_visible_to(scope)
        .filter(school_year=year)
        .select_related("school", "broker", "region")
    )
    progress = sorted(target_progress(targets), key=lambda p: (p.subject.kind, p.subject.name))
    return Table(
        key="planning_targets",
        title=_("Targets and progress, %(year)s") % {"year": school_year_label(year)},
        columns=[
            Column(gettext_lazy("Target for")),
            Column(gettext_lazy("Kind")),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Placed"), Kind.INT),
            Column(gettext_lazy("Students to place"), Kind.INT),
            Column(gettext_lazy("Hours done"), Kind.DECIMAL),
            Column(gettext_lazy("Hours target"), Kind.INT),
            Column(gettext_lazy("Hours per student"), Kind.DECIMAL),
        ],
        rows=[
            (
                p.subject.name,
                str(KIND[p.subject.kind]),
                p.students,
                p.placed,
                p.students_target,
                p.hours_done,
                p.hours_target,
                p.hours_per_student_done,
            )
            for p in progress
        ],
        params={"year": str(year)},
    )


TABLES = [
    TableSpec("planning_weeks", weeks_table, may_see_region_calendar),
    TableSpec("planning_region_windows", region_windows_table, may_see_region_windows),
    TableSpec("planning_targets", targets_table, may_see_targets),
]
