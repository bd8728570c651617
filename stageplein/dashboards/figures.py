"""Aggregate figures. These functions return numbers only, never a person: they are what
municipality officers and national viewers receive (R-PLAN-3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from stageplein.geo.models import Municipality, Region
from stageplein.internships.models import HourEntry
from stageplein.organisations.models import Provider, School
from stageplein.students.models import Student
from stageplein.students.selectors import NormTable, with_progress


@dataclass(frozen=True)
class Figures:
    schools: int
    students: int
    students_reached_norm: int
    students_with_hours: int
    verified_hours: Decimal
    providers: int
    students_by_level: dict[str, int]
    providers_by_sector: list[tuple[str, int]]

    @property
    def reached_percent(self) -> int:
        return round(100 * self.students_reached_norm / self.students) if self.students else 0


def _student_counts(students: QuerySet[Student]) -> tuple[int, int, int, dict[str, int]]:
    norms = NormTable()
    total = reached = with_hours = 0
    by_level: dict[str, int] = {}
    rows = with_progress(students).values_list(  # type: ignore[misc]
        "level", "cohort", "verified_hours"
    )
    for level, cohort, done in rows.iterator(chunk_size=5000):
        total += 1
        by_level[level] = by_level.get(level, 0) + 1
        if done:
            with_hours += 1
            if done >= norms.norm(level, cohort):
                reached += 1
    return total, reached, with_hours, by_level


def figures_for(
    students: QuerySet[Student], schools: QuerySet[School], providers: QuerySet[Provider]
) -> Figures:
    total, reached, with_hours, by_level = _student_counts(students)
    hours = HourEntry.objects.counting().filter(internship__student__in=students).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    sectors = (
        providers.values("sector__name_nl", "sector__name_en", "sector__order")
        .annotate(n=Count("pk"))
        .order_by("sector__order")
    )
    from django.utils.translation import get_language

    english = (get_language() or "nl").startswith("en")
    return Figures(
        schools=schools.count(),
        students=total,
        students_reached_norm=reached,
        students_with_hours=with_hours,
        verified_hours=hours,
        providers=providers.count(),
        students_by_level=by_level,
        providers_by_sector=[
            (row["sector__name_en"] if english else row["sector__name_nl"], row["n"])
            for row in sectors
        ],
    )


def municipality_figures(codes: Iterable[str]) -> list[tuple[Municipality, Figures]]:
    """Per municipality: students of the schools located there, its schools and providers."""
    result = []
    for municipality in Municipality.objects.filter(cbs_code__in=list(codes)):
        result.append(
            (
                municipality,
                figures_for(
                    Student.objects.filter(school__municipality=municipality, left_on__isnull=True),
                    School.objects.filter(municipality=municipality),
                    Provider.objects.filter(municipality=municipality),
                ),
            )
        )
    return result


def region_figures() -> list[tuple[Region, Figures]]:
    return [
        (
            region,
            figures_for(
                Student.objects.filter(school__region=region, left_on__isnull=True),
                School.objects.filter(region=region),
                Provider.objects.filter(region=region),
            ),
        )
        for region in Region.objects.all()
    ]
