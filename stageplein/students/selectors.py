"""Reads of students, always scoped (see stageplein.accounts.access)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stageplein.core.schoolyear import current_school_year
from stageplein.students.models import HourNorm, Student, YearlyTarget

DEFAULT_NORMS = {"vwo": 72, "havo": 60, "vmbo": 48, "pro": 48}


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
