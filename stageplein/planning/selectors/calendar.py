"""The regional calendar (R-PLAN-1): demand against supply, week by week, with the weeks that
fall short, spare seats, suggested moves and overloaded providers. How weeks are counted:
planning/balance.py and docs/planning.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from stageplein.applications.models import CLAIMING, Application
from stageplein.core.schoolyear import school_year_bounds, school_year_of
from stageplein.geo.distance import nearest_km
from stageplein.geo.models import HolidayRegion, Region
from stageplein.internships.models import Internship
from stageplein.organisations.models import Provider, School, SchoolLocation, Sector
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod, SchoolLink
from stageplein.placements.selectors import claimed_in_period
from stageplein.planning.balance import (
    BANDS,
    UNKNOWN_BAND,
    DemandItem,
    LevelShortage,
    Run,
    Suggestion,
    SupplyItem,
    WeekRow,
    build_weeks,
    explain_move,
    level_shortages,
    shortage_runs,
    spare_runs,
    suggest_moves,
)
from stageplein.planning.models import InternshipWindow
from stageplein.planning.providers import (
    LinkRisk,
    Overload,
    SeatSpan,
    Stint,
    link_risks,
    provider_overloads,
)
from stageplein.planning.selectors.demand import window_demand
from stageplein.planning.selectors.holidays import holiday_weeks, shared_weeks
from stageplein.planning.weeks import ONE_WEEK, monday_of, school_year_mondays


@dataclass
class CalendarArea:
    """Whose windows count as demand (schools) and where placements count as supply
    (municipalities)."""

    name: str
    school_ids: list[int]
    municipality_ids: list[str]
    region: Region | None = None


def area_of(region_or_schools: Region | CalendarArea | Iterable[School]) -> CalendarArea:
    if isinstance(region_or_schools, CalendarArea):
        return region_or_schools
    if isinstance(region_or_schools, Region):
        region = region_or_schools
        return CalendarArea(
            name=region.name,
            school_ids=list(region.schools.values_list("pk", flat=True)),
            municipality_ids=list(region.municipalities.values_list("pk", flat=True)),
            region=region,
        )
    schools = list(region_or_schools)
    regions = {s.region_id for s in schools}
    return CalendarArea(
        name=", ".join(s.name for s in schools),
        school_ids=[s.pk for s in schools],
        municipality_ids=list(
            Region.municipalities.through.objects.filter(region_id__in=regions)
            .values_list("municipality_id", flat=True)
            .distinct()
        ),
        region=None,
    )


@dataclass
class Calendar:
    """What demand_supply returns: per-week rows and what they mean."""

    area: CalendarArea
    school_year: int
    sector: str | None
    max_km: int | None
    weeks: list[WeekRow]
    windows: list[DemandItem]
    periods: list[SupplyItem]
    shortages: list[Run]
    level_shortages: list[LevelShortage]
    spares: list[Run]
    suggestions: list[Suggestion]
    overloads: list[Overload]
    link_risks: list[LinkRisk]
    sectors: dict[str, str]  # code -> name, for the sectors that supply seats
    holidays: list[tuple[str, Run]]  # the area's school holidays ahead and their weeks

    @property
    def students(self) -> int:
        """Students still without a seat in the windows ahead."""
        return sum(item.open for item in self.windows if item.ahead)

    @property
    def seats(self) -> int:
        return round(sum(week.supply for week in self.weeks))

    @property
    def short(self) -> int:
        return sum(run.short for run in self.shortages)

    @property
    def shortage_weeks(self) -> int:
        return sum(len(run.weeks) for run in self.shortages)

    @property
    def holiday_windows(self) -> list[DemandItem]:
        """Windows ahead with weeks in their school's holidays, which count no students."""
        return [item for item in self.windows if item.holidays and item.open]

    @property
    def past_windows(self) -> list[DemandItem]:
        """Windows that are over while students of them still have no seat."""
        return [item for item in self.windows if item.is_over and item.open]

    @property
    def bands(self) -> list[str]:
        return [str(limit) for limit in BANDS] + [UNKNOWN_BAND]

    @property
    def sector_table(self) -> list[tuple[int, list[int]]]:
        """Week number and the free seats of each sector (in ``sectors`` order)."""
        codes = list(self.sectors)
        return [(w.week, [round(w.by_sector.get(c, 0)) for c in codes]) for w in self.weeks]

    @property
    def band_table(self) -> list[tuple[int, list[int]]]:
        """Week number and the free seats by distance band (in ``bands`` order)."""
        bands = self.bands
        return [(w.week, [round(w.by_band.get(b, 0)) for b in bands]) for w in self.weeks]


def _distances(school_ids: list[int], placement_pc4s: set[str]) -> dict[str, float | None]:
    """PC4 of a placement -> km to the nearest location of the calendar's schools."""
    schools = SchoolLocation.objects.filter(school_id__in=school_ids).values_list(
        "postcode_id", flat=True
    )
    return nearest_km(schools, placement_pc4s)


def demand_supply(
    region_or_schools: Region | CalendarArea | Iterable[School],
    school_year: int | None = None,
    *,
    sector: str | None = None,
    max_km: int | None = None,
    today: datetime.date | None = None,
) -> Calendar:
    """The regional calendar: for each week of the school year still ahead, the students the
    schools' windows schedule (demand) against the free seats of published, findable
    placement periods in the area (supply), with the weeks that fall short, where seats are
    spare, moves that would help, and providers that would get more students at once than
    they can take. ``sector`` and ``max_km`` (from the nearest school) narrow the supply.

    How weeks are counted: stageplein/planning/balance.py and docs/planning.md. A fixed
    number of aggregate queries, whatever the size of the region.
    """
    area = area_of(region_or_schools)
    today = today or timezone.localdate()
    year = school_year_of(today) if school_year is None else school_year
    this_week = monday_of(today)
    week_mondays = [m for m in school_year_mondays(year) if m >= this_week]
    starts, ends = school_year_bounds(year)

    windows = list(
        InternshipWindow.objects.filter(school_id__in=area.school_ids, school_year=year)
        .select_related("school")
        .order_by("starts_on", "school__name", "year", "level", "class_name")
    )
    demand = window_demand(windows, year, today)

    # R-PLAN-5: weeks in which the area's schools are on holiday supply no seats (periods
    # running past the school year meet the next year's holidays too, where entered).
    if area.region is not None:
        area_regions = {area.region.holiday_region}
    else:
        area_regions = set(
            School.objects.filter(pk__in=area.school_ids).values_list(
                "region__holiday_region", flat=True
            )
        ) or {HolidayRegion.MIDDLE.value}
    closed = shared_weeks(
        holiday_weeks(area_regions, this_week, ends + datetime.timedelta(days=400))
    )
    closed_ordinals = frozenset(monday.toordinal() for monday in closed)

    period_rows = list(
        PlacementPeriod.objects.filter(
            placement__in=Placement.objects.findable().filter(
                postcode__municipality_id__in=area.municipality_ids
            ),
            ends_on__gte=max(today, starts),
            starts_on__lte=ends,
        )
        .annotate(claimed=claimed_in_period())
        .values_list(
            "pk",
            "placement__provider_id",
            "placement__sector_id",
            "placement__postcode_id",
            "starts_on",
            "ends_on",
            "capacity",
            "claimed",
            "placement__provider__weekly_intake_cap",
            "placement__provider__name",
            *(f"placement__{name}" for name in LEVEL_FIELDS.values()),
        )
    )
    caps: dict[int, int | None] = {}
    names: dict[int, str] = {}
    for row in period_rows:
        caps[row[1]] = row[8]
        names[row[1]] = row[9]
    kms = _distances(area.school_ids, {row[3] for row in period_rows})
    every_period = []
    for row in period_rows:
        pk, provider_id, sector_id, pc4, p_start, p_end, capacity, claimed = row[:8]
        takes = tuple(level for level, yes in zip(LEVEL_FIELDS, row[10:], strict=True) if yes)
        every_period.append(
            SupplyItem(
                period_id=pk,
                provider_id=provider_id,
                sector_id=sector_id,
                starts_on=p_start,
                ends_on=p_end,
                capacity=capacity,
                free=max(0, capacity - claimed),
                km=kms.get(pc4),
                levels=takes,
            ).count_from(this_week, closed_ordinals)
        )
    supply = [
        p
        for p in every_period
        if (not sector or p.sector_id == sector)
        and (not max_km or (p.km is not None and p.km <= max_km))
    ]
    weeks = build_weeks(week_mondays, demand, supply, caps, closed)
    holidays: list[tuple[str, Run]] = []
    for week in weeks:
        if week.holiday:
            if holidays and holidays[-1][1].last == week.monday - ONE_WEEK:
                holidays[-1][1].weeks.append(week)
            else:
                holidays.append((week.holiday, Run([week])))

    # Who is at a provider when: running internships, and seat-holding reactions without an
    # internship yet, at the providers of the area.
    area_providers = Provider.objects.filter(municipality_id__in=area.municipality_ids)
    first_day = max(today, starts)
    stints = [
        Stint(provider_id, start, end)
        for provider_id, start, end in Internship.objects.filter(
            provider__in=area_providers, start_date__lte=ends, end_date__gte=first_day
        )
        .exclude(status=Internship.Status.CANCELLED)
        .values_list("provider_id", "start_date", "end_date")
    ]
    stints += [
        Stint(provider_id, start, end)
        for provider_id, start, end in Application.objects.filter(
            status__in=CLAIMING,
            internship__isnull=True,
            placement__provider__in=area_providers,
            period__starts_on__lte=ends,
            period__ends_on__gte=first_day,
        ).values_list("placement__provider_id", "period__starts_on", "period__ends_on")
    ]
    spans = [SeatSpan(p.provider_id, p.starts_on, p.ends_on, p.capacity) for p in every_period]
    for provider_id, cap, name in area_providers.filter(
        pk__in={s.provider_id for s in stints} - names.keys()
    ).values_list("pk", "weekly_intake_cap", "name"):
        caps[provider_id], names[provider_id] = cap, name
    overloads = provider_overloads(stints, spans, caps, names, week_mondays)

    links: dict[int, set[int]] = {}
    for school_id, provider_id in SchoolLink.objects.filter(
        school_id__in=area.school_ids, school_year=year
    ).values_list("school_id", "provider_id"):
        links.setdefault(school_id, set()).add(provider_id)
    for provider_id, cap, name in Provider.objects.filter(
        pk__in={p for ps in links.values() for p in ps} - names.keys()
    ).values_list("pk", "weekly_intake_cap", "name"):
        caps[provider_id], names[provider_id] = cap, name
    risks = link_risks(demand, links, every_period, caps, names)

    used = {code for week in weeks for code, seats in week.by_sector.items() if seats}
    sectors = {s.code: s.name for s in Sector.objects.all() if s.code in used}
    return Calendar(
        area=area,
        school_year=year,
        sector=sector,
        max_km=max_km,
        weeks=weeks,
        windows=demand,
        periods=supply,
        shortages=shortage_runs(weeks),
        level_shortages=level_shortages(weeks),
        spares=spare_runs(weeks),
        suggestions=suggest_moves(weeks, this_week + ONE_WEEK),
        overloads=overloads,
        link_risks=risks,
        sectors=sectors,
        holidays=holidays,
    )


def move_explanation(
    window: InternshipWindow,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date | None = None,
) -> Suggestion | None:
    """Why moving a window to these dates would help (or not), from the regional calendar of
    its school's region: the calendar's own suggestion when it made this one (the figures the
    broker saw), else the same figures for the chosen dates. None when the dates are not in
    the calendar's weeks or the window is not in it."""
    calendar = demand_supply(window.school.region, window.school_year, today=today)
    to_first = monday_of(starts_on)
    for suggestion in calendar.suggestions:
        if suggestion.window.pk == window.pk and suggestion.to_first == to_first:
            return suggestion
    item = next((i for i in calendar.windows if i.pk == window.pk), None)
    if item is None:
        return None
    return explain_move(calendar.weeks, item, starts_on, ends_on)
