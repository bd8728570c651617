"""Targets and progress (streefgetallen, R-PLAN-2): what a school, region or municipality
aimed for and how far it got. Counts only, never a person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from stageplein.accounts.access import Scope
from stageplein.applications.mas_state import WITHOUT_PLACE, with_status
from stageplein.core.schoolyear import school_year_bounds
from stageplein.geo.models import PostcodeArea, Region
from stageplein.internships.models import HourEntry
from stageplein.organisations.models import Broker, School
from stageplein.planning.access import editable_calendar_schools
from stageplein.students.models import Student, YearlyTarget


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
    placed: int  # current students matched, busy or done (applications/mas_state.py)
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
    starts, ends = school_year_bounds(school_year)
    cells: dict[tuple[int, str | None], Cell] = {}

    def cell(key) -> Cell:
        return cells.setdefault(key, Cell())

    # Students are grouped by home postcode area, and the areas' municipalities looked up
    # here, never joined in SQL: with the join (in the scope's OR or the grouping) PostgreSQL
    # misjudged the rows and compared every student with every postcode area (2.6-2.9 s for
    # a municipality's or the national targets on the twenty pilots, now 0.1-0.6 s).
    home_areas = PostcodeArea.objects.filter(municipality_id__in=home_municipalities)
    who = Q(school_id__in=school_ids) | Q(home_postcode__in=home_areas)
    students = Student.objects.filter(who, left_on__isnull=True)
    key = ("school_id", "home_postcode_id")
    counted = list(students.values_list(*key).annotate(n=Count("pk")).order_by())
    # Placed: the one MaS state (applications/mas_state.py) in the target's school year:
    # matched, busy or done, as the school overview, the calendar and the municipality count.
    placed = list(
        with_status(students, school_year=school_year)
        .exclude(status__in=WITHOUT_PLACE)  # type: ignore[misc]
        .values_list(*key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    hours = list(
        HourEntry.objects.counting()
        .filter(date__range=(starts, ends))
        .filter(
            Q(internship__student__school_id__in=school_ids)
            | Q(internship__student__home_postcode__in=home_areas)
        )
        .values_list("internship__student__school_id", "internship__student__home_postcode_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    areas = {pc4 for rows in (counted, placed, hours) for _, pc4, _ in rows}
    muni_of = dict(PostcodeArea.objects.filter(pc4__in=areas).values_list("pc4", "municipality_id"))
    for school_id, pc4, n in counted:
        cell((school_id, muni_of.get(pc4))).students += n
    for school_id, pc4, n in placed:
        cell((school_id, muni_of.get(pc4))).placed += n
    for school_id, pc4, h in hours:
        cell((school_id, muni_of.get(pc4))).hours += h or Decimal(0)
    return cells


def target_progress(
    targets: Iterable[YearlyTarget], school_year: int | None = None
) -> list[TargetProgress]:
    """Progress of each target in its school year (or ``school_year`` for all): students
    placed (matched, busy or done in that school year: the one MaS state) and hours done (hours
    that count, dated in the school year), for the school's students, the region's schools'
    students, or the students a broker serves: by home or school municipality, as the
    region's funding rule says (R-PLAN-4). A handful of aggregate queries for all targets."""
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
