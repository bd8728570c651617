"""Reads of the annual calendar (R-PLAN-1) and of targets and progress (R-PLAN-2), and who may
see and change them. Counting who belongs to a window is done here once, so the calendar, the
reminders and the matching all agree on it.

For other apps (dashboards, reports): ``demand_supply(region_or_schools, school_year)`` returns
the week-by-week calendar (``Calendar.weeks``: students, seats, status per week, and the
warnings); ``target_progress(targets)`` the progress of targets; ``targets_visible_to(scope)``
the targets a person may see. None of them returns a person.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from stageplein.accounts.access import Scope
from stageplein.core.schoolyear import current_school_year, school_year_bounds, school_year_of
from stageplein.geo.models import Region
from stageplein.organisations.models import School
from stageplein.placements.models import LEVEL_FIELDS, Placement
from stageplein.planning.access import editable_calendar_schools
from stageplein.planning.balance import (
    BANDS,
    UNKNOWN_BAND,
    DemandItem,
    LevelShortage,
    LinkRisk,
    Overload,
    Run,
    SeatSpan,
    Stint,
    Suggestion,
    SupplyItem,
    WeekRow,
    build_weeks,
    level_shortages,
    link_risks,
    provider_overloads,
    shortage_runs,
    spare_runs,
    suggest_moves,
)
from stageplein.planning.models import InternshipWindow
from stageplein.planning.weeks import ONE_WEEK, monday_of, mondays, school_year_mondays
from stageplein.students.models import Student, YearlyTarget


def group_filter(window: InternshipWindow, prefix: str = "") -> Q:
    """The students of a window's group, as a Q on Student (or on a relation with ``prefix``)."""
    q = Q(**{f"{prefix}school_id": window.school_id, f"{prefix}year": window.year})
    q &= Q(**{f"{prefix}left_on__isnull": True})
    if window.level:
        q &= Q(**{f"{prefix}level": window.level})
    if window.class_name:
        q &= Q(**{f"{prefix}class_name": window.class_name})
    return q


def window_students(window: InternshipWindow) -> QuerySet[Student]:
    return Student.objects.filter(group_filter(window))


def with_student_counts(windows: QuerySet[InternshipWindow]) -> QuerySet[InternshipWindow]:
    """Annotate ``n_students``: the school's own figure when it entered one, else the number
    of current students in the group (one correlated subquery, no query per window)."""
    # Level and class narrow the group only when set: express "field = outer or outer = ''".
    counted = (
        Student.objects.filter(
            school_id=OuterRef("school_id"), year=OuterRef("year"), left_on__isnull=True
        )
        .filter(Q(Exact(OuterRef("level"), "")) | Q(level=OuterRef("level")))
        .filter(Q(Exact(OuterRef("class_name"), "")) | Q(class_name=OuterRef("class_name")))
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return windows.annotate(  # type: ignore[no-redef]
        counted_students=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
        n_students=Coalesce("expected_students", "counted_students"),
    )


def windows_of_schools(
    school_ids: Iterable[int], school_year: int | None = None
) -> QuerySet[InternshipWindow]:
    year = current_school_year() if school_year is None else school_year
    return with_student_counts(
        InternshipWindow.objects.filter(school_id__in=list(school_ids), school_year=year)
    ).select_related("school")


def window_for_student(student: Student, school_year: int | None = None) -> InternshipWindow | None:
    """The window the student's group is scheduled in this school year; the most specific one
    (class, then level, then year group) when several apply, the earliest when tied."""
    windows = windows_for_students([student], school_year)
    return windows.get(student.pk)


def windows_for_students(
    students: Iterable[Student], school_year: int | None = None
) -> dict[int, InternshipWindow]:
    """Student pk → window, for many students with one query."""
    students = list(students)
    year = current_school_year() if school_year is None else school_year
    schools = {s.school_id for s in students}
    by_school: dict[int, list[InternshipWindow]] = {}
    for window in InternshipWindow.objects.filter(school_id__in=schools, school_year=year):
        by_school.setdefault(window.school_id, []).append(window)

    def specificity(w: InternshipWindow) -> tuple:
        return (0 if w.class_name else 1, 0 if w.level else 1, w.starts_on, w.pk)

    for windows in by_school.values():
        windows.sort(key=specificity)
    found = {}
    for s in students:
        for w in by_school.get(s.school_id, []):
            if (
                w.year == s.year
                and (not w.level or w.level == s.level)
                and (not w.class_name or w.class_name == s.class_name)
            ):
                found[s.pk] = w
                break
    return found


# -- who may see and change the calendar: planning/access.py ---------------------------------


def school_year_choices(today: datetime.date | None = None) -> list[int]:
    """The calendar plans the current school year and the next."""
    year = school_year_of(today or timezone.localdate())
    return [year, year + 1]


# -- counting a window's students -----------------------------------------------------------------


Group = tuple[int, int, str, str]  # school, year group, level, class


def _specificity(w: InternshipWindow) -> tuple:
    return (0 if w.class_name else 1, 0 if w.level else 1, w.starts_on, w.pk)


def assign_groups(
    windows: Iterable[InternshipWindow], groups: Iterable[Group]
) -> dict[Group, InternshipWindow]:
    """Each class of students belongs to the most specific window that covers it (the same
    rule as window_for_student), so a student is never counted twice."""
    by_key: dict[tuple[int, int], list[InternshipWindow]] = {}
    for window in windows:
        by_key.setdefault((window.school_id, window.year), []).append(window)
    for options in by_key.values():
        options.sort(key=_specificity)
    found = {}
    for group in groups:
        school_id, year, level, class_name = group
        for window in by_key.get((school_id, year), []):
            if (not window.level or window.level == level) and (
                not window.class_name or window.class_name == class_name
            ):
                found[group] = window
                break
    return found


def seat_holding(school_year: int) -> QuerySet:
    """Reactions that hold a seat (accepted or approved) in a period of the school year."""
    from stageplein.applications.models import Application

    starts, ends = school_year_bounds(school_year)
    return Application.objects.claiming().filter(
        period__starts_on__lte=ends, period__ends_on__gte=starts
    )


def window_demand(
    windows: list[InternshipWindow], school_year: int, today: datetime.date | None = None
) -> list[DemandItem]:
    """The windows as the calendar counts them: students per window (the school's figure
    when it entered one, else its current students, each student in one window only), how
    many of them already hold a seat, and the weeks still ahead. Two aggregate queries."""
    today = today or timezone.localdate()
    this_week = monday_of(today)
    schools = {w.school_id for w in windows}
    groups: dict[Group, int] = {}
    for row in (
        Student.objects.filter(school_id__in=schools, left_on__isnull=True)
        .values_list("school_id", "year", "level", "class_name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        groups[row[:4]] = row[4]
    seated: dict[Group, int] = {}
    for row in (
        seat_holding(school_year)
        .filter(student__school_id__in=schools, student__left_on__isnull=True)
        .values_list("student__school_id", "student__year", "student__level", "student__class_name")
        .annotate(n=Count("student_id", distinct=True))
        .order_by()
    ):
        seated[row[:4]] = row[4]
    owner = assign_groups(windows, groups)
    counted: dict[int, int] = {}
    holding: dict[int, int] = {}
    for group, window in owner.items():
        counted[window.pk] = counted.get(window.pk, 0) + groups[group]
        holding[window.pk] = holding.get(window.pk, 0) + seated.get(group, 0)
    items = []
    for w in windows:
        students = w.expected_students if w.expected_students is not None else counted.get(w.pk, 0)
        items.append(
            DemandItem(
                pk=w.pk,
                school_id=w.school_id,
                school_name=w.school.name,
                group_label=w.group_label,
                year=w.year,
                level=w.level,
                starts_on=w.starts_on,
                ends_on=w.ends_on,
                hours_per_student=w.hours_per_student,
                students=students,
                seated=min(students, holding.get(w.pk, 0)),
                ahead=[m for m in mondays(w.starts_on, w.ends_on) if m >= this_week],
            )
        )
    return items


# -- the regional calendar: demand against supply, week by week (R-PLAN-1) -----------------------


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
    """PC4 of a placement -> km to the nearest location of the calendar's schools. Computed
    per pair of postcode areas (a large region has a few hundred by a few dozen), not per
    period, with the schools' trigonometry done once."""
    import math

    from stageplein.geo.distance import EARTH_RADIUS_KM, centroids
    from stageplein.organisations.models import SchoolLocation

    table = centroids()
    schools = []
    for pc4 in set(
        SchoolLocation.objects.filter(school_id__in=school_ids).values_list(
            "postcode_id", flat=True
        )
    ):
        if pc4 in table:
            lat, lon = map(math.radians, table[pc4])
            schools.append((lat, lon, math.cos(lat)))
    found: dict[str, float | None] = {}
    for pc4 in placement_pc4s:
        if not schools or pc4 not in table:
            found[pc4] = None
            continue
        lat, lon = map(math.radians, table[pc4])
        cos_lat = math.cos(lat)
        # Haversine; the smallest "a" is the nearest school.
        nearest = min(
            math.sin((s_lat - lat) / 2) ** 2 + cos_lat * s_cos * math.sin((s_lon - lon) / 2) ** 2
            for s_lat, s_lon, s_cos in schools
        )
        found[pc4] = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(nearest)))
    return found


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
    from stageplein.applications.models import CLAIMING, Application
    from stageplein.internships.models import Internship
    from stageplein.organisations.models import Provider, Sector
    from stageplein.placements.models import PlacementPeriod, SchoolLink
    from stageplein.placements.selectors import claimed_in_period

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
            ).count_from(this_week)
        )
    supply = [
        p
        for p in every_period
        if (not sector or p.sector_id == sector)
        and (not max_km or (p.km is not None and p.km <= max_km))
    ]
    weeks = build_weeks(week_mondays, demand, supply, caps)

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
    )


def region_windows(region: Region, school_year: int) -> list[DemandItem]:
    """Every school's windows in a region, with counts and no students (for schools to
    spread their windows)."""
    windows = list(
        InternshipWindow.objects.filter(school__region=region, school_year=school_year)
        .select_related("school")
        .order_by("starts_on", "school__name", "year", "level", "class_name")
    )
    return window_demand(windows, school_year)


# -- targets and progress (streefgetallen, R-PLAN-2) ----------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a target is for: ``key`` is "school:12", "broker:3" or "region:5"."""

    kind: str
    pk: int
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"


def target_subjects(scope: Scope) -> list[Subject]:
    """The schools, broker areas and regions a person may set targets for."""
    from stageplein.organisations.models import Broker

    found = [Subject("school", s.pk, s.name) for s in editable_calendar_schools(scope)]
    brokers = Broker.objects.all()
    regions = Region.objects.all()
    if not scope.is_admin:
        brokers = brokers.filter(pk__in=scope.brokers)
        regions = regions.filter(pk__in=scope.broker_regions)
    found += [Subject("broker", b.pk, b.name) for b in brokers.order_by("name")]
    found += [Subject("region", r.pk, r.name) for r in regions.order_by("name")]
    return found


def subject_of(target: YearlyTarget) -> Subject:
    if target.school_id:
        return Subject("school", target.school_id, target.school.name if target.school else "")
    if target.broker_id:
        return Subject("broker", target.broker_id, target.broker.name if target.broker else "")
    return Subject("region", target.region_id or 0, target.region.name if target.region else "")


@dataclass
class TargetProgress:
    """A target and how far its students are: computed from the records, never stored."""

    target: YearlyTarget
    subject: Subject
    students: int  # current students in the target's scope
    placed: int  # students with an approved match or an internship this school year
    hours_done: Decimal  # hours that count (HourEntry.objects.counting()) this school year

    @property
    def students_target(self) -> int | None:
        return self.target.students

    @property
    def hours_target(self) -> int | None:
        if self.target.hours is not None:
            return self.target.hours
        if self.target.hours_per_student is not None:
            return self.target.hours_per_student * self.students
        return None

    @property
    def placed_percent(self) -> int | None:
        goal = self.students_target
        return min(100, round(100 * self.placed / goal)) if goal else None

    @property
    def hours_percent(self) -> int | None:
        goal = self.hours_target
        return min(100, round(100 * float(self.hours_done) / goal)) if goal else None

    @property
    def hours_per_student_done(self) -> Decimal:
        if not self.students:
            return Decimal(0)
        return (self.hours_done / self.students).quantize(Decimal("0.1"))


@dataclass
class Cell:
    students: int = 0
    placed: int = 0
    hours: Decimal = Decimal(0)


def _progress_cells(
    school_year: int, school_ids: set[int], home_municipalities: set[str]
) -> dict[tuple[int, str | None], Cell]:
    """(school, home municipality) -> students, placed and hours, with three aggregate
    queries: every target is a sum of these cells."""
    from stageplein.applications.models import Application, Status
    from stageplein.internships.models import HourEntry, Internship

    starts, ends = school_year_bounds(school_year)
    cells: dict[tuple[int, str | None], Cell] = {}

    def cell(key) -> Cell:
        return cells.setdefault(key, Cell())

    who = Q(school_id__in=school_ids) | Q(home_postcode__municipality_id__in=home_municipalities)
    students = Student.objects.filter(who)
    key = ("school_id", "home_postcode__municipality_id")
    for school_id, muni, n in (
        students.filter(left_on__isnull=True).values_list(*key).annotate(n=Count("pk")).order_by()
    ):
        cell((school_id, muni)).students = n
    # Placed: in either list. A UNION keeps the planner's estimate sane; "Exists OR Exists"
    # made PostgreSQL expect a million rows and spend half a second compiling (JIT).
    placed_ids = (
        Internship.objects.filter(start_date__lte=ends, end_date__gte=starts)
        .exclude(status=Internship.Status.CANCELLED)
        .values("student_id")
        .union(
            Application.objects.filter(
                status=Status.APPROVED, period__starts_on__lte=ends, period__ends_on__gte=starts
            ).values("student_id")
        )
    )
    placed = students.filter(pk__in=placed_ids)
    for school_id, muni, n in placed.values_list(*key).annotate(n=Count("pk")).order_by():
        cell((school_id, muni)).placed = n
    hours = (
        HourEntry.objects.counting()
        .filter(date__range=(starts, ends))
        .filter(
            Q(internship__student__school_id__in=school_ids)
            | Q(internship__student__home_postcode__municipality_id__in=home_municipalities)
        )
        .values_list(
            "internship__student__school_id",
            "internship__student__home_postcode__municipality_id",
        )
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for school_id, muni, h in hours:
        cell((school_id, muni)).hours = h or Decimal(0)
    return cells


def target_progress(
    targets: Iterable[YearlyTarget], school_year: int | None = None
) -> list[TargetProgress]:
    """Progress of each target in its school year (or ``school_year`` for all): students
    placed (an approved reaction or an internship in the school year) and hours done (hours
    that count, dated in the school year), for the school's students, the region's schools'
    students, or the students a broker serves: by home or school municipality, as the
    region's funding rule says (R-PLAN-4). A handful of aggregate queries for all targets."""
    from stageplein.organisations.models import Broker

    targets = list(targets)
    if not targets:
        return []
    region_ids = {t.region_id for t in targets if t.region_id}
    broker_ids = {t.broker_id for t in targets if t.broker_id}
    brokers = {b.pk: b for b in Broker.objects.filter(pk__in=broker_ids).select_related("region")}
    broker_munis: dict[int, set[str]] = {pk: set() for pk in brokers}
    for broker_id, muni in Broker.municipalities.through.objects.filter(
        broker_id__in=broker_ids
    ).values_list("broker_id", "municipality_id"):
        broker_munis[broker_id].add(muni)
    school_rows = School.objects.filter(
        Q(pk__in={t.school_id for t in targets if t.school_id})
        | Q(region_id__in=region_ids)
        | Q(
            municipality_id__in={
                m
                for pk, ms in broker_munis.items()
                if brokers[pk].region.funding_rule == Region.FundingRule.SCHOOL
                for m in ms
            }
        )
    ).values_list("pk", "region_id", "municipality_id")
    school_region, school_muni = {}, {}
    for pk, region_id, muni in school_rows:
        school_region[pk], school_muni[pk] = region_id, muni
    home_munis = {
        m
        for pk, ms in broker_munis.items()
        if brokers[pk].region.funding_rule == Region.FundingRule.HOME
        for m in ms
    }
    by_year: dict[int, list[YearlyTarget]] = {}
    for t in targets:
        by_year.setdefault(school_year or t.school_year, []).append(t)
    found: dict[int, TargetProgress] = {}
    for year, year_targets in by_year.items():
        cells = _progress_cells(year, set(school_region), home_munis)
        for t in year_targets:
            if t.school_id:
                keep = lambda s, m, t=t: s == t.school_id  # noqa: E731
            elif t.region_id:
                keep = lambda s, m, t=t: school_region.get(s) == t.region_id  # noqa: E731
            else:
                broker = brokers[t.broker_id]  # type: ignore[index]
                munis = broker_munis[broker.pk]
                if broker.region.funding_rule == Region.FundingRule.HOME:
                    keep = lambda s, m, munis=munis: m in munis  # noqa: E731
                else:
                    keep = lambda s, m, munis=munis: school_muni.get(s) in munis  # noqa: E731
            n = placed = 0
            hours = Decimal(0)
            for (s, m), cell in cells.items():
                if keep(s, m):
                    n, placed, hours = n + cell.students, placed + cell.placed, hours + cell.hours
            found[t.pk] = TargetProgress(
                target=t, subject=subject_of(t), students=n, placed=placed, hours_done=hours
            )
    return [found[t.pk] for t in targets]
