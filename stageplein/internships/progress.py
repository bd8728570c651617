"""A student's progress towards the MaS norm: counting hours (HourEntry.objects.counting(), the
one definition) against the norm of the student's level and cohort. Lives here, not in students,
because the hours belong to internships."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from stageplein.internships.models import HourEntry
from stageplein.students.models import Student
from stageplein.students.selectors import NormTable, Progress


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
