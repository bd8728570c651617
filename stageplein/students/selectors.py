"""Reads of students, always scoped (see stageplein.accounts.access)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from stageplein.core.schoolyear import current_school_year
from stageplein.internships.models import HourEntry
from stageplein.students.models import HourNorm, Student, YearlyTarget

DEFAULT_NORMS = {"vwo": 72, "havo": 60, "vmbo": 48, "pro": 48}


def verified_hours_subquery() -> Subquery:
    per_student = (
        HourEntry.objects.counting()
        .filter(internship__student=OuterRef("pk"))
        .order_by()
        .values("internship__student")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Subquery(per_student, output_field=DecimalField(max_digits=8, decimal_places=2))


def with_progress(qs: QuerySet[Student]) -> QuerySet[Student]:
    """Annotate ``verified_hours`` (counting hours, all school years together: R-HOURS-2)."""
    return qs.annotate(
        verified_hours=Coalesce(
            verified_hours_subquery(), Value(Decimal(0)), output_field=DecimalField()
        )
    )


class NormTable:
    """The norm for (level, cohort), read once: a page of 200 students asks 200 times."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[int, int]]] = {}
        for level, from_cohort, hours in HourNorm.objects.values_list(
            "level", "from_cohort", "hours"
        ).order_by("level", "-from_cohort"):
            self._rows.setdefault(level, []).append((from_cohort, hours))

    def norm(self, level: str, cohort: int) -> int:
        for from_cohort, hours in self._rows.get(level, []):
            if from_cohort <= cohort:
                return hours
        return DEFAULT_NORMS.get(level, 72)


@dataclass(frozen=True)
class Progress:
    done: Decimal
    norm: int

    @property
    def counted(self) -> Decimal:
        return min(self.done, Decimal(self.norm))

    @property
    def extra(self) -> Decimal:
        """Hours above the norm are kept and shown as extra (R-HOURS-3)."""
        return max(Decimal(0), self.done - self.norm)

    @property
    def percent(self) -> int:
        return int(min(Decimal(100), (self.done * 100) // self.norm)) if self.norm else 100

    @property
    def reached(self) -> bool:
        return self.done >= self.norm

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.norm - self.done)


def progress_of(student: Student, norms: NormTable | None = None) -> Progress:
    done = getattr(student, "verified_hours", None)
    if done is None:
        done = HourEntry.objects.counting().filter(internship__student=student).aggregate(
            total=Sum("hours")
        )["total"] or Decimal(0)
    return Progress(
        done=Decimal(done), norm=(norms or NormTable()).norm(student.level, student.cohort)
    )


def attach_progress(students: list[Student]) -> list[Student]:
    """Set ``student.progress`` on annotated students, for templates."""
    norms = NormTable()
    for student in students:
        student.progress = progress_of(student, norms)  # type: ignore[attr-defined]
    return students


def yearly_target_hours(student: Student, school_year: int | None = None) -> int | None:
    year = school_year or current_school_year()
    target = (
        YearlyTarget.objects.filter(school=student.school, school_year=year)
        .values_list("hours_per_student", flat=True)
        .first()
    )
    if target is None:
        target = (
            YearlyTarget.objects.filter(region=student.school.region_id, school_year=year)
            .values_list("hours_per_student", flat=True)
            .first()
        )
    return target
