"""Aggregate figures for municipality officers and national viewers. These functions return
numbers only, never a person (R-PLAN-3): counts and sums over the territory, grouped in the
database (one query per figure, not per municipality, region or student).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Case, Count, F, Q, Sum, Value, When

from stageplein.dashboards.progress import STATUS_ORDER, StudentStatus, percent, with_status
from stageplein.dashboards.selectors import SectorRow, sector_rows, sector_totals
from stageplein.funding.selectors import served_by
from stageplein.geo.models import Region
from stageplein.geo.pilots import read_pilots
from stageplein.internships.models import HourEntry, StudentEvaluation
from stageplein.organisations.models import Broker, Provider, School
from stageplein.placements.models import Placement, stale_cutoff
from stageplein.students.models import HourNorm, Student
from stageplein.students.selectors import DEFAULT_NORMS


@dataclass
class Figures:
    """What a municipality officer or national viewer receives: counts and sums, never a
    person (R-PLAN-3)."""

    students: int = 0
    reached: int = 0
    with_hours: int = 0
    hours: Decimal = Decimal(0)
    providers: int = 0
    placements: int = 0
    stale: int = 0
    evaluations: int = 0
    average_grade: float | None = None
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    by_level: dict[str, list[int]] = field(default_factory=dict)  # level -> [students, done]
    sectors: list[SectorRow] = field(default_factory=list)

    @property
    def reached_percent(self) -> int:
        return percent(self.reached, self.students)


def municipality_figures(code: str, today: datetime.date | None = None) -> Figures:
    """The students the municipality serves (funding rule, see funding.selectors), the
    providers and placements located there, the grades given to those providers."""
    figures = Figures()
    students = Student.objects.filter(served_by([code]), left_on__isnull=True)
    for level, status, n, with_hours, hours in (
        with_status(students)
        .annotate(counts=Case(When(verified_hours__gt=0, then=Value(1)), default=Value(0)))
        .values("level", "status")
        .annotate(n=Count("pk"), with_hours=Sum("counts"), hours=Sum("verified_hours"))
        .values_list("level", "status", "n", "with_hours", "hours")
    ):
        figures.students += n
        figures.by_status[status] += n
        figures.with_hours += with_hours or 0
        figures.hours += hours or 0
        level_row = figures.by_level.setdefault(level, [0, 0])
        level_row[0] += n
        if status == StudentStatus.DONE:
            figures.reached += n
            level_row[1] += n
    figures.sectors = sector_rows([code], today)
    totals = sector_totals(figures.sectors)
    figures.providers, figures.placements, figures.stale = (
        totals.providers,
        totals.placements,
        totals.stale,
    )
    grades = StudentEvaluation.objects.filter(internship__provider__municipality_id=code).aggregate(
        n=Count("pk"), average=Avg("grade")
    )
    figures.evaluations, figures.average_grade = grades["n"], grades["average"]
    return figures


def norm_case_sql(alias: str) -> tuple[str, list]:
    """progress.norm_expression as plain SQL for the national query (same rule, same data)."""
    parts, params = [], []
    for level, from_cohort, hours in HourNorm.objects.order_by("level", "-from_cohort").values_list(
        "level", "from_cohort", "hours"
    ):
        parts.append(f"WHEN {alias}.level = %s AND {alias}.cohort >= %s THEN %s")
        params += [level, from_cohort, hours]
    for level, hours in DEFAULT_NORMS.items():
        parts.append(f"WHEN {alias}.level = %s THEN %s")
        params += [level, hours]
    return "CASE " + " ".join(parts) + " ELSE 72 END", params


def progress_per_region() -> dict[int, tuple[int, int, int, Decimal]]:
    """Per region: (students, reached the norm, with counting hours, counting hours), for
    all students at once: the hours per student are summed in one pass over the hour entries
    (a derived table built from ``HourEntry.objects.counting()`` itself), not per student."""
    per_student = (
        HourEntry.objects.counting()
        .values(sid=F("internship__student_id"))
        .annotate(done=Sum("hours"))
        .order_by()
    )
    inner, inner_params = per_student.query.sql_with_params()
    norm, norm_params = norm_case_sql("s")
    qn = connection.ops.quote_name
    student_table, school_table = qn(Student._meta.db_table), qn(School._meta.db_table)
    sql = (
        f"SELECT sc.region_id, COUNT(*), "  # noqa: S608 (table names and generated SQL only)
        f"SUM(CASE WHEN COALESCE(h.done, 0) >= {norm} THEN 1 ELSE 0 END), "
        f"COUNT(h.sid), COALESCE(SUM(h.done), 0) "
        f"FROM {student_table} s JOIN {school_table} sc ON sc.id = s.school_id "
        f"LEFT JOIN ({inner}) h ON h.sid = s.id "
        f"WHERE s.left_on IS NULL GROUP BY sc.region_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*norm_params, *inner_params])
        return {
            region: (n, int(reached or 0), with_hours, Decimal(hours))
            for region, n, reached, with_hours, hours in cursor.fetchall()
        }


@dataclass
class RegionRow:
    region_id: int
    name: str
    figures: Figures
    schools: int = 0
    brokers: int = 0
    municipalities: int = 0


def region_rows() -> list[RegionRow]:
    """The national table: one aggregate query per figure, grouped by region."""
    progress = progress_per_region()
    cutoff = stale_cutoff()
    providers = dict(
        Provider.objects.exclude(kind=Provider.Kind.SCHOOL)
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    placements = {
        r: (n, stale)
        for r, n, stale in Placement.objects.published()
        .values("provider__region_id")
        .annotate(n=Count("pk"), stale=Count("pk", filter=Q(confirmed_at__lt=cutoff)))
        .values_list("provider__region_id", "n", "stale")
    }
    grades = {
        r: (n, avg)
        for r, n, avg in StudentEvaluation.objects.values("internship__provider__region_id")
        .annotate(n=Count("pk"), avg=Avg("grade"))
        .values_list("internship__provider__region_id", "n", "avg")
    }
    schools = dict(
        School.objects.values("region_id").annotate(n=Count("pk")).values_list("region_id", "n")
    )
    brokers = dict(
        Broker.objects.values("region_id").annotate(n=Count("pk")).values_list("region_id", "n")
    )
    municipalities: dict[int, int] = defaultdict(int)
    for region_id in Region.municipalities.through.objects.values_list("region_id", flat=True):
        municipalities[region_id] += 1
    rows = []
    for region in Region.objects.order_by("name"):
        n, reached, with_hours, hours = progress.get(region.pk, (0, 0, 0, Decimal(0)))
        placed, stale = placements.get(region.pk, (0, 0))
        graded, average = grades.get(region.pk, (0, None))
        rows.append(
            RegionRow(
                region_id=region.pk,
                name=region.name,
                figures=Figures(
                    students=n,
                    reached=reached,
                    with_hours=with_hours,
                    hours=hours,
                    providers=providers.get(region.pk, 0),
                    placements=placed,
                    stale=stale,
                    evaluations=graded,
                    average_grade=average,
                ),
                schools=schools.get(region.pk, 0),
                brokers=brokers.get(region.pk, 0),
                municipalities=municipalities.get(region.pk, 0),
            )
        )
    return rows


def national_totals(rows: list[RegionRow]) -> Figures:
    total = Figures()
    weighted = 0.0
    for r in rows:
        f = r.figures
        total.students += f.students
        total.reached += f.reached
        total.with_hours += f.with_hours
        total.hours += f.hours
        total.providers += f.providers
        total.placements += f.placements
        total.stale += f.stale
        total.evaluations += f.evaluations
        weighted += (f.average_grade or 0) * f.evaluations
    total.average_grade = weighted / total.evaluations if total.evaluations else None
    return total


@dataclass
class PilotRow:
    name: str
    pilot_students: int
    students: int
    pilot_schools: int
    schools: int
    pilot_brokers: int | None
    brokers: int
    pilot_municipalities: int
    municipalities: int


def pilot_rows(regions: list[RegionRow]) -> list[PilotRow]:
    """The twenty pilots' own 2008-2009 figures (data/pilots.csv) beside the platform's."""
    by_name = {r.name: r for r in regions}
    rows = []
    for pilot in read_pilots():
        region = by_name.get(pilot.name)
        rows.append(
            PilotRow(
                name=pilot.name,
                pilot_students=pilot.students,
                students=region.figures.students if region else 0,
                pilot_schools=pilot.schools,
                schools=region.schools if region else 0,
                pilot_brokers=pilot.brokers,
                brokers=region.brokers if region else 0,
                pilot_municipalities=len(pilot.municipality_names),
                municipalities=region.municipalities if region else 0,
            )
        )
    return rows


@dataclass
class RegionCount:
    name: str
    schools: int
    students: int
    providers: int


def region_counts() -> list[RegionCount]:
    """What the national viewer's home page shows: three counts per region, cheap to get
    (the hours and norm figures are on the national overview)."""
    schools = dict(
        School.objects.values("region_id").annotate(n=Count("pk")).values_list("region_id", "n")
    )
    students = dict(
        Student.objects.filter(left_on__isnull=True)
        .values("school__region_id")
        .annotate(n=Count("pk"))
        .values_list("school__region_id", "n")
    )
    providers = dict(
        Provider.objects.exclude(kind=Provider.Kind.SCHOOL)
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    return [
        RegionCount(r.name, schools.get(r.pk, 0), students.get(r.pk, 0), providers.get(r.pk, 0))
        for r in Region.objects.order_by("name")
    ]
